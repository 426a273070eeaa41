import { memberSchema, type Role } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { membersQueryKey } from './list-members';

export const updateMember = (orgId: string, memberId: string, role: Role) =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(memberId)}`, {
    method: 'PATCH',
    body: { role },
    schema: memberSchema,
  });

export function useUpdateMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: Role }) => updateMember(orgId, memberId, role),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) }),
  });
}

/** My own choice in this organisation: an email after each call (owners always get one). */
export function useSetCallEmails(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (callEmails: boolean) =>
      apiFetch<{ callEmails: boolean }>(`/api/v1/orgs/${encodeURIComponent(orgId)}/members/me`, {
        method: 'PATCH',
        body: { callEmails },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQueryKey(orgId) }),
  });
}
