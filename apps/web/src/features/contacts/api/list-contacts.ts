import { contactsPageSchema } from '@ava/contracts';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

export type ContactFilters = {
  q?: string;
  tag?: string;
  optedOut?: boolean;
  sort?: 'newest' | 'name';
};

export const PAGE_SIZE = 50;

export function listContacts(orgId: string, filters: ContactFilters & { limit?: number; offset?: number }) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const query = params.toString();
  return apiFetch(orgPath(orgId, `/contacts${query ? `?${query}` : ''}`), { schema: contactsPageSchema });
}

export const contactsInfiniteOptions = (orgId: string, filters: ContactFilters) =>
  infiniteQueryOptions({
    queryKey: contactsKeys.list(orgId, filters),
    queryFn: ({ pageParam }) => listContacts(orgId, { ...filters, limit: PAGE_SIZE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE_SIZE : undefined),
    // Typing in the search box keeps the previous results on screen instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });

export const useContacts = (orgId: string, filters: ContactFilters) =>
  useInfiniteQuery(contactsInfiniteOptions(orgId, filters));
