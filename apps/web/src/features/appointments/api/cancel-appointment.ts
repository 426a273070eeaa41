import { appointmentSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const cancelAppointment = (orgId: string, id: string) =>
  apiFetch(orgPath(orgId, `/appointments/${encodeURIComponent(id)}/cancel`), {
    method: 'POST',
    body: {},
    schema: appointmentSchema,
  });

export function useCancelAppointment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cancelAppointment(orgId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appointmentsKeys.all(orgId) }),
  });
}
