import { templateVariablesInfoSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

export const getTemplateVariables = (orgId: string) =>
  apiFetch(orgPath(orgId, '/templates/variables'), { schema: templateVariablesInfoSchema });

/** The variables the editor offers as chips and checks typed ones against. */
export const useTemplateVariables = (orgId: string) =>
  useQuery({
    queryKey: templatesKeys.variables(orgId),
    queryFn: () => getTemplateVariables(orgId),
    staleTime: 60_000,
  });
