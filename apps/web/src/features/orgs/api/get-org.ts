import { orgSchema, type Org } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export const getOrg = (orgId: string): Promise<Org> =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}`, { schema: orgSchema });

export const orgQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId], queryFn: () => getOrg(orgId) });

export const useOrg = (orgId: string) => useQuery(orgQueryOptions(orgId));
