import { phoneNumbersListSchema, type PhoneNumber, type SyncResult } from '@ava/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export type NumbersList = { numbers: PhoneNumber[]; lastSync: SyncResult | null };

export const listNumbers = (orgId: string): Promise<NumbersList> =>
  apiFetch(orgPath(orgId, '/numbers'), { schema: phoneNumbersListSchema });

/** Pending imports resume on the server by themselves: poll while any number waits. */
export const numbersQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: telephonyKeys.numbers(orgId),
    queryFn: () => listNumbers(orgId),
    refetchInterval: (query) =>
      query.state.data?.numbers.some((n) => n.importStatus === 'pending') ? 3000 : false,
  });

export const useNumbers = (orgId: string) => useQuery(numbersQueryOptions(orgId));
