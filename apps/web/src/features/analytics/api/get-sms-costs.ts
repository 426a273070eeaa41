import { smsCostsSchema } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { analyticsKeys, orgPath } from './keys';

export const getSmsCosts = (orgId: string, months: number) =>
  apiFetch(orgPath(orgId, `/messaging/costs?months=${months}`), { schema: smsCostsSchema });

export const smsCostsQueryOptions = (orgId: string, months = 12) =>
  queryOptions({
    queryKey: analyticsKeys.costs(orgId, months),
    queryFn: () => getSmsCosts(orgId, months),
    staleTime: 5 * 60_000,
  });

export const useSmsCosts = (orgId: string, months = 12) => useQuery(smsCostsQueryOptions(orgId, months));
