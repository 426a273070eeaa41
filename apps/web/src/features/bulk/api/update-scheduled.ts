import { messageSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export type ScheduledPatch = { body?: string; sendAt?: string };

export const updateScheduled = (orgId: string, id: string, body: ScheduledPatch) =>
  apiFetch(orgPath(orgId, `/messages/${encodeURIComponent(id)}`), {
    method: 'PATCH',
    body,
    schema: messageSchema,
  });

export function useUpdateScheduled(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ScheduledPatch }) => updateScheduled(orgId, id, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bulkKeys.scheduled(orgId) }),
  });
}
