import { bulkSendSchema, type BulkBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

export const createBulk = (orgId: string, body: BulkBody) =>
  apiFetch(orgPath(orgId, '/bulk'), { method: 'POST', body, schema: bulkSendSchema });

export function useCreateBulk(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkBody) => createBulk(orgId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bulkKeys.all(orgId) }),
  });
}
