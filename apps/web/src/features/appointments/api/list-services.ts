import { servicesListSchema } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { appointmentsKeys, orgPath } from './keys';

export const listServices = (orgId: string) =>
  apiFetch(orgPath(orgId, '/services'), { schema: servicesListSchema });

export const useServices = (orgId: string) =>
  useQuery({ queryKey: appointmentsKeys.services(orgId), queryFn: () => listServices(orgId) });
