import { dashboardSchema } from '@ava/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export type Period = 7 | 30 | 90 | 365;
export const periods: Period[] = [7, 30, 90, 365];

export const getDashboard = (orgId: string, days: Period) =>
  apiFetch(`/api/v1/orgs/${encodeURIComponent(orgId)}/dashboard?days=${days}`, { schema: dashboardSchema });

export const dashboardQueryOptions = (orgId: string, days: Period) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'dashboard', days],
    queryFn: () => getDashboard(orgId, days),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.recentCalls.some((c) => c.status === 'in-progress') ? 5000 : false,
  });

export const useDashboard = (orgId: string, days: Period) => useQuery(dashboardQueryOptions(orgId, days));
