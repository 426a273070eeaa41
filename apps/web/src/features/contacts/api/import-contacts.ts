import { importResultSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

/** Sends the same file again: the server re-reads it rather than trusting the previewed rows. */
export const importContacts = (orgId: string, csv: string) =>
  apiFetch(orgPath(orgId, '/contacts/import'), { method: 'POST', body: { csv }, schema: importResultSchema });

export function useImportContacts(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => importContacts(orgId, csv),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKeys.all(orgId) }),
  });
}
