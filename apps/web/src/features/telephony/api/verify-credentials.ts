import { verificationSchema, type Verification } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { afterCredentialsChange } from './after-change';
import type { Provider } from './connect-sandbox-credentials';
import { orgPath } from './keys';

export const verifyCredentials = (orgId: string, provider: Provider): Promise<Verification> =>
  apiFetch(orgPath(orgId, `/credentials/${provider}/verify`), {
    method: 'POST',
    body: {},
    schema: verificationSchema,
  });

export function useVerifyCredentials(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (provider: Provider) => verifyCredentials(orgId, provider),
    onSuccess: () => afterCredentialsChange(queryClient, orgId),
  });
}
