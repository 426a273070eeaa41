import { contactSchema, type CreateContactBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

export const createContact = (orgId: string, body: CreateContactBody) =>
  apiFetch(orgPath(orgId, '/contacts'), { method: 'POST', body, schema: contactSchema });

export function useCreateContact(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContactBody) => createContact(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKeys.all(orgId) }),
  });
}
