import { serviceSchema, type CreateServiceBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const createService = (orgId: string, body: CreateServiceBody) =>
  apiFetch(orgPath(orgId, '/services'), { method: 'POST', body, schema: serviceSchema });

export function useCreateService(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateServiceBody) => createService(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appointmentsKeys.services(orgId) }),
  });
}
