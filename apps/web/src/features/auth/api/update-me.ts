import { meSchema, updateMeBodySchema, type Me } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';
import { meQueryKey } from './get-me';

export const updateMeFormSchema = updateMeBodySchema;
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;

export const updateMe = (body: UpdateMeBody): Promise<Me> =>
  apiFetch('/api/v1/me', { method: 'PATCH', body, schema: meSchema });

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}
