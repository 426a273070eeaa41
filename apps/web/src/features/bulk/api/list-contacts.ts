import { contactsPageSchema } from '@ava/contracts';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export const CONTACTS_PAGE = 50;

export function listContacts(orgId: string, q: string, offset: number) {
  const params = new URLSearchParams({ limit: String(CONTACTS_PAGE), offset: String(offset), sort: 'name' });
  if (q) params.set('q', q);
  return apiFetch(orgPath(orgId, `/contacts?${params}`), { schema: contactsPageSchema });
}

/** Contacts to tick by hand; the Contacts page's own list stays independent of this picker. */
export const useRecipientContacts = (orgId: string, q: string) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: bulkKeys.contacts(orgId, q),
      queryFn: ({ pageParam }) => listContacts(orgId, q, pageParam),
      initialPageParam: 0,
      getNextPageParam: (last, pages) => (last.hasMore ? pages.length * CONTACTS_PAGE : undefined),
      placeholderData: keepPreviousData,
    }),
  );
