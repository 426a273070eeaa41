import { bookingSettingsSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const getBookingSettings = (orgId: string) =>
  apiFetch(orgPath(orgId, '/booking-settings'), { schema: bookingSettingsSchema });

export const useBookingSettings = (orgId: string) =>
  useQuery({ queryKey: appointmentsKeys.settings(orgId), queryFn: () => getBookingSettings(orgId) });
