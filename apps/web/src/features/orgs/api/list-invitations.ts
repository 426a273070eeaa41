import { invitationSchema, type Invitation } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const listInvitations = (orgId: string): Promise<Invitation[]> =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/invitations`, { schema: z.array(invitationSchema) });

export const invitationsQueryKey = (orgId: string) => ['orgs', orgId, 'invitations'] as const;

export const invitationsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: invitationsQueryKey(orgId), queryFn: () => listInvitations(orgId) });

export const useInvitations = (orgId: string) => useQuery(invitationsQueryOptions(orgId));
