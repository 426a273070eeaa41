import { bookingSettingsSchema } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const rotateIcsToken = (orgId: string) =>
  apiFetch(orgPath(orgId, '/booking-settings/ics-token'), {
    method: 'POST',
    body: {},
    schema: bookingSettingsSchema,
  });

export function useRotateIcsToken(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => rotateIcsToken(orgId),
    onSuccess: (settings) => queryClient.setQueryData(appointmentsKeys.settings(orgId), settings),
  });
}
