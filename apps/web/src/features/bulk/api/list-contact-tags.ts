import { contactTagsSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export const listContactTags = (orgId: string) =>
  apiFetch(orgPath(orgId, '/contacts/tags'), { schema: contactTagsSchema });

export const useContactTags = (orgId: string) =>
  useQuery({ queryKey: bulkKeys.tags(orgId), queryFn: () => listContactTags(orgId) });
