import { templateSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, templatesKeys } from './keys';

/** The server names the copy "<name> (2)", "(3)"…: the same in every language, renamed at will. */
export const duplicateTemplate = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/templates/${encodeURIComponent(id)}/duplicate`), {
    method: 'POST',
    schema: templateSchema,
  });

export function useDuplicateTemplate(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => duplicateTemplate(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templatesKeys.all(orgId) }),
  });
}
