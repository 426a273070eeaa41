import { serviceSchema, type CreateServiceBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const updateService = (orgId: string, serviceId: string, body: Partial<CreateServiceBody>) =>
  apiFetch(orgPath(orgId, `/services/${encodeURIComponent(serviceId)}`), {
    method: 'PATCH',
    body,
    schema: serviceSchema,
  });

export function useUpdateService(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<CreateServiceBody> }) =>
      updateService(orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appointmentsKeys.services(orgId) }),
  });
}
