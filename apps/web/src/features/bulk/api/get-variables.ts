import { templateVariablesInfoSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export const getVariables = (orgId: string) =>
  apiFetch(orgPath(orgId, '/templates/variables'), { schema: templateVariablesInfoSchema });

/** The `{variables}` offered as chips: the standard ones plus the fields imported on contacts. */
export const useVariables = (orgId: string) =>
  useQuery({ queryKey: bulkKeys.variables(orgId), queryFn: () => getVariables(orgId), staleTime: 60_000 });
