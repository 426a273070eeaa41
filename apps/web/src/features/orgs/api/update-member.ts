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
