import { memberSchema, type Member } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const listMembers = (orgId: string): Promise<Member[]> =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/members`, { schema: z.array(memberSchema) });

export const membersQueryKey = (orgId: string) => ['orgs', orgId, 'members'] as const;

export const membersQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: membersQueryKey(orgId), queryFn: () => listMembers(orgId) });

export const useMembers = (orgId: string) => useQuery(membersQueryOptions(orgId));
