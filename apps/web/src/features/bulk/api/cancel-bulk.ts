import { bulkSendSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { bulkKeys, orgPath } from './keys';

const canceledSchema = bulkSendSchema.extend({ canceled: z.number() });

export const cancelBulk = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/bulk/${encodeURIComponent(id)}/cancel`), {
    method: 'POST',
    schema: canceledSchema,
  });

export function useCancelBulk(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cancelBulk(orgId, id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bulkKeys.all(orgId) }),
  });
}
