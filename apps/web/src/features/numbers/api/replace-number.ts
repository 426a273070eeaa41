import type { PhoneNumber } from '@ava/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { telephonyKeys } from '../../telephony/api/keys';
import type { NumbersList } from './list-numbers';

/** Puts a number the server just returned into the cached list, so the page updates at once. */
export function replaceNumber(queryClient: QueryClient, orgId: string, number: PhoneNumber) {
  queryClient.setQueryData<NumbersList>(telephonyKeys.numbers(orgId), (list) =>
    list
      ? {
          ...list,
          numbers: list.numbers.some((n) => n.id === number.id)
            ? list.numbers.map((n) => (n.id === number.id ? number : n))
            : [...list.numbers, number],
        }
      : list,
  );
}
