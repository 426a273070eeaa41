import { appointmentSchema, type UpdateAppointmentBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const updateAppointment = (orgId: string, id: string, body: UpdateAppointmentBody) =>
  apiFetch(orgPath(orgId, `/appointments/${encodeURIComponent(id)}`), {
    method: 'PATCH',
    body,
    schema: appointmentSchema,
  });

export function useUpdateAppointment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateAppointmentBody }) =>
      updateAppointment(orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appointmentsKeys.all(orgId) }),
  });
}
