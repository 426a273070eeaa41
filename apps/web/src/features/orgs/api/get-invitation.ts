import { invitationPreviewSchema } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

export const getInvitation = (invitationId: string): Promise<InvitationPreview> =>
  apiFetch(`/api/v1/invitations/${encodeURIComponent(invitationId)}`, { schema: invitationPreviewSchema });

export const invitationQueryOptions = (invitationId: string) =>
  queryOptions({
    queryKey: ['invitation', invitationId],
    queryFn: () => getInvitation(invitationId),
    retry: false,
  });

export const useInvitation = (invitationId: string) => useQuery(invitationQueryOptions(invitationId));
