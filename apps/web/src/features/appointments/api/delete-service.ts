import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const deleteService = (orgId: string, serviceId: string) =>
  apiFetch(orgPath(orgId, `/services/${encodeURIComponent(serviceId)}`), { method: 'DELETE' });

export function useDeleteService(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteService(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appointmentsKeys.services(orgId) }),
  });
}
