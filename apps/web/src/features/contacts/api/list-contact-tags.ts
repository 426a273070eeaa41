import { contactTagsSchema } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { contactsKeys, orgPath } from './keys';

export const listContactTags = (orgId: string) =>
  apiFetch(orgPath(orgId, '/contacts/tags'), { schema: contactTagsSchema });

export const contactTagsQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: contactsKeys.tags(orgId), queryFn: () => listContactTags(orgId) });

export const useContactTags = (orgId: string) => useQuery(contactTagsQueryOptions(orgId));
