import { outboxItemSchema, type OutboxItem } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

export const listOutbox = (params: { to?: string; limit?: number } = {}): Promise<OutboxItem[]> => {
  const search = new URLSearchParams();
  if (params.to) search.set('to', params.to);
  search.set('limit', String(params.limit ?? 50));
  return apiFetch(`/api/v1/sandbox/outbox?${search}`, { schema: z.array(outboxItemSchema) });
};

export const outboxQueryOptions = (to?: string) =>
  queryOptions({
    queryKey: ['outbox', to ?? ''],
    queryFn: () => listOutbox({ to }),
    // New mail arrives while the page is open: poll gently.
    refetchInterval: 3000,
    retry: false,
  });

export const useOutbox = (to?: string) => useQuery(outboxQueryOptions(to));
