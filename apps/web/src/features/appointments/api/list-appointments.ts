import { appointmentsListSchema } from '@ava/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const listAppointments = (orgId: string, from: string, to: string) =>
  apiFetch(orgPath(orgId, `/appointments?${new URLSearchParams({ from, to }).toString()}`), {
    schema: appointmentsListSchema,
  });

export const useAppointments = (orgId: string, from: string, to: string) =>
  useQuery({
    queryKey: appointmentsKeys.range(orgId, from, to),
    queryFn: () => listAppointments(orgId, from, to),
    placeholderData: keepPreviousData,
  });
