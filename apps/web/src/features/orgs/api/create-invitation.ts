import { createInvitationBodySchema, invitationSchema, type CreateInvitationBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { invitationsQueryKey } from './list-invitations';

export const inviteFormSchema = createInvitationBodySchema;

export const createInvitation = (orgId: string, body: CreateInvitationBody) =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/invitations`, {
    method: 'POST',
    body,
    schema: invitationSchema,
  });

export function useCreateInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInvitationBody) => createInvitation(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsQueryKey(orgId) }),
  });
}
