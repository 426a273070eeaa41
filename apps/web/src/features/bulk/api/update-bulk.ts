import { bulkSendSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export type BulkPatch = { name?: string; body?: string; sendAt?: string };

export const updateBulk = (orgId: string, id: string, body: BulkPatch) =>
  apiFetch(orgPath(orgId, `/bulk/${encodeURIComponent(id)}`), {
    method: 'PATCH',
    body,
    schema: bulkSendSchema,
  });

export function useUpdateBulk(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: BulkPatch }) => updateBulk(orgId, id, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bulkKeys.all(orgId) }),
  });
}
