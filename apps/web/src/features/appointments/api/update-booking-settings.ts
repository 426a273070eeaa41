import { bookingSettingsSchema, type UpdateBookingSettingsBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const updateBookingSettings = (orgId: string, body: UpdateBookingSettingsBody) =>
  apiFetch(orgPath(orgId, '/booking-settings'), { method: 'PUT', body, schema: bookingSettingsSchema });

export function useUpdateBookingSettings(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBookingSettingsBody) => updateBookingSettings(orgId, body),
    onSuccess: (settings) => queryClient.setQueryData(appointmentsKeys.settings(orgId), settings),
  });
}
