import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

export const deleteTemplate = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/templates/${encodeURIComponent(id)}`), { method: 'DELETE' });

export function useDeleteTemplate(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteTemplate(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKeys.all(orgId) }),
  });
}
