import { templateSchema, type UpdateTemplateBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

export const updateTemplate = (orgId: string, id: string, body: UpdateTemplateBody) =>
  apiFetch(orgPath(orgId, `/templates/${encodeURIComponent(id)}`), {
    method: 'PATCH',
    body,
    schema: templateSchema,
  });

export function useUpdateTemplate(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTemplateBody }) => updateTemplate(orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKeys.all(orgId) }),
  });
}
