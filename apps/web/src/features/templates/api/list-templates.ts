import { templatesListSchema, type ListTemplatesQuery } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

export function listTemplates(orgId: string, filter: ListTemplatesQuery = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  const query = params.toString();
  return apiFetch(orgPath(orgId, `/templates${query ? `?${query}` : ''}`), { schema: templatesListSchema });
}

/** All of the org's templates: a few dozen at most, so pages filter and group them in the browser. */
export const useTemplates = (orgId: string, options: { enabled?: boolean } = {}) =>
  useQuery({ queryKey: templatesKeys.list(orgId), queryFn: () => listTemplates(orgId), ...options });
