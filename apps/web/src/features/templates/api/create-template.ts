import { templateSchema, type CreateTemplateBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

export const createTemplate = (orgId: string, body: CreateTemplateBody) =>
  apiFetch(orgPath(orgId, '/templates'), { method: 'POST', body, schema: templateSchema });

export function useCreateTemplate(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTemplateBody) => createTemplate(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKeys.all(orgId) }),
  });
}
