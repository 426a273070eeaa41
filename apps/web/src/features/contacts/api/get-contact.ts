import { contactSchema } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

export const getContact = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/contacts/${encodeURIComponent(id)}`), { schema: contactSchema });

export const contactQueryOptions = (orgId: string, id: string) =>
  queryOptions({
    queryKey: [...contactsKeys.all(orgId), 'detail', id],
    queryFn: () => getContact(orgId, id),
  });

export const useContact = (orgId: string, id: string | null) =>
  useQuery({ ...contactQueryOptions(orgId, id ?? ''), enabled: Boolean(id) });
