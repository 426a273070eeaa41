import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

export const deleteContact = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/contacts/${encodeURIComponent(id)}`), { method: 'DELETE' });

export function useDeleteContact(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteContact(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKeys.all(orgId) }),
  });
}
