import { saveCredentialsResponseSchema, type VapiCredentialsBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { afterCredentialsChange } from './after-change';
import { orgPath } from './keys';
import type { SaveCredentialsResult } from './save-twilio-credentials';

export const saveVapiCredentials = (
  orgId: string,
  body: VapiCredentialsBody,
): Promise<SaveCredentialsResult> =>
  apiFetch(orgPath(orgId, '/credentials/vapi'), {
    method: 'PUT',
    body,
    schema: saveCredentialsResponseSchema,
  });

export function useSaveVapiCredentials(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VapiCredentialsBody) => saveVapiCredentials(orgId, body),
    onSuccess: (result) => afterCredentialsChange(queryClient, orgId, result.credentials),
  });
}
