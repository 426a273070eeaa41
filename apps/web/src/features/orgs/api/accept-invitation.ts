import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const acceptInvitation = (invitationId: string) =>
  apiFetch(`/api/v1/invitations/${encodeURIComponent(invitationId)}/accept`, {
    method: 'POST',
    body: {},
    schema: z.object({ orgId: z.string() }),
  });

export const useAcceptInvitation = () => useMutation({ mutationFn: acceptInvitation });
