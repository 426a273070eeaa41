import { appointmentSchema, type CreateAppointmentBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const createAppointment = (orgId: string, body: CreateAppointmentBody) =>
  apiFetch(orgPath(orgId, '/appointments'), { method: 'POST', body, schema: appointmentSchema });

export function useCreateAppointment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAppointmentBody) => createAppointment(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appointmentsKeys.all(orgId) }),
  });
}
