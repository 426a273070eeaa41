import { contactSchema, type UpdateContactBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

/** Also how a contact is marked opted out by hand (`{ optedOut: true }`). */
export const updateContact = (orgId: string, id: string, body: UpdateContactBody) =>
  apiFetch(orgPath(orgId, `/contacts/${encodeURIComponent(id)}`), {
    method: 'PATCH',
    body,
    schema: contactSchema,
  });

export function useUpdateContact(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateContactBody }) => updateContact(orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKeys.all(orgId) }),
  });
}
