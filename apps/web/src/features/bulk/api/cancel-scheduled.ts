import { messageSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export const cancelScheduled = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/messages/${encodeURIComponent(id)}/cancel`), {
    method: 'POST',
    schema: messageSchema,
  });

export function useCancelScheduled(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cancelScheduled(orgId, id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bulkKeys.scheduled(orgId) }),
  });
}
