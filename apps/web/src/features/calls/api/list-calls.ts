import { callsPageSchema, type CallSummary } from '@ava/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { callsKeys, orgPath } from './keys';

export type CallFilters = {
  q?: string;
  outcome?: 'answered' | 'missed' | 'booked';
  from?: string;
  to?: string;
  numberId?: string;
};

export const PAGE_SIZE = 25;

export function listCalls(orgId: string, filters: CallFilters & { limit?: number; offset?: number }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return apiFetch(orgPath(orgId, `/calls${query ? `?${query}` : ''}`), { schema: callsPageSchema });
}

const isLive = (c: CallSummary) =>
  c.status === 'in-progress' || c.status === 'ringing' || c.status === 'queued';

export const callsInfiniteOptions = (orgId: string, filters: CallFilters) =>
  infiniteQueryOptions({
    queryKey: callsKeys.list(orgId, filters),
    queryFn: ({ pageParam }) => listCalls(orgId, { ...filters, limit: PAGE_SIZE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE_SIZE : undefined),
    // Live calls change by the second: poll while one is in progress.
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.calls.some(isLive)) ? 3000 : false),
  });

export const useCalls = (orgId: string, filters: CallFilters) =>
  useInfiniteQuery(callsInfiniteOptions(orgId, filters));
