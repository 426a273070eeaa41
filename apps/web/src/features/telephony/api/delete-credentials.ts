import { deleteCredentialsResponseSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { afterCredentialsChange } from './after-change';
import type { Provider } from './connect-sandbox-credentials';
import { orgPath } from './keys';

export type DeleteCredentialsResult = z.infer<typeof deleteCredentialsResponseSchema>;

/** What stops working once a provider's credentials are gone (i18n keys), shown before deleting. */
export const deleteConsequences: Record<Provider, string[]> = {
  twilio: [
    'credentials.consequence.sms',
    'credentials.consequence.numbers',
    'credentials.consequence.import',
  ],
  vapi: ['credentials.consequence.calls', 'credentials.consequence.assistant'],
};

export const deleteCredentials = (orgId: string, provider: Provider): Promise<DeleteCredentialsResult> =>
  apiFetch(orgPath(orgId, `/credentials/${provider}`), {
    method: 'DELETE',
    schema: deleteCredentialsResponseSchema,
  });

export function useDeleteCredentials(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (provider: Provider) => deleteCredentials(orgId, provider),
    onSuccess: () => afterCredentialsChange(queryClient, orgId),
  });
}
