import { saveCredentialsResponseSchema, type TwilioCredentialsBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { orgPath } from './keys';
import { afterCredentialsChange } from './after-change';

export type SaveCredentialsResult = z.infer<typeof saveCredentialsResponseSchema>;

export const saveTwilioCredentials = (
  orgId: string,
  body: TwilioCredentialsBody,
): Promise<SaveCredentialsResult> =>
  apiFetch(orgPath(orgId, '/credentials/twilio'), {
    method: 'PUT',
    body,
    schema: saveCredentialsResponseSchema,
  });

export function useSaveTwilioCredentials(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TwilioCredentialsBody) => saveTwilioCredentials(orgId, body),
    onSuccess: (result) => afterCredentialsChange(queryClient, orgId, result.credentials),
  });
}
