import { saveCredentialsResponseSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { afterCredentialsChange } from './after-change';
import { orgPath } from './keys';
import type { SaveCredentialsResult } from './save-twilio-credentials';

export type Provider = 'twilio' | 'vapi';

/** Sandbox mode only: a fresh emulator account for this provider, saved and checked in one request. */
export const connectSandboxCredentials = (
  orgId: string,
  provider: Provider,
): Promise<SaveCredentialsResult> =>
  apiFetch(orgPath(orgId, `/credentials/${provider}/sandbox`), {
    method: 'POST',
    body: {},
    schema: saveCredentialsResponseSchema,
  });

export function useConnectSandboxCredentials(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (provider: Provider) => connectSandboxCredentials(orgId, provider),
    onSuccess: (result) => afterCredentialsChange(queryClient, orgId, result.credentials),
  });
}
