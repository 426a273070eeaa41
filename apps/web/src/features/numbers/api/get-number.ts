import { phoneNumberSchema, type PhoneNumber } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export const getNumber = (orgId: string, numberId: string): Promise<PhoneNumber> =>
  apiFetch(orgPath(orgId, `/numbers/${encodeURIComponent(numberId)}`), { schema: phoneNumberSchema });

export const numberQueryOptions = (orgId: string, numberId: string) =>
  queryOptions({
    queryKey: [...telephonyKeys.numbers(orgId), numberId],
    queryFn: () => getNumber(orgId, numberId),
  });

export const useNumber = (orgId: string, numberId: string) => useQuery(numberQueryOptions(orgId, numberId));
