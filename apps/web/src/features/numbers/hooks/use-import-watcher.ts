import { hashKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../../components/ui/toast';
import { telephonyKeys } from '../../telephony/api/keys';
import type { NumbersList } from '../api/list-numbers';

/**
 * Watches the cached numbers list (wherever it is refreshed: polling, a mutation, a page visit) and
 * says so when a number becomes connected to the receptionist, e.g. after a pending import resumed.
 */
export function useImportWatcher(orgId: string | null | undefined) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { t } = useTranslation();
  const seen = useRef(new Map<string, string>());
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    if (!orgId) return;
    const key = hashKey(telephonyKeys.numbers(orgId));
    const check = (data: NumbersList | undefined) => {
      if (!data?.numbers) return;
      for (const n of data.numbers) {
        const before = seen.current.get(n.id);
        if (before !== undefined && before !== 'imported' && n.importStatus === 'imported') {
          // The phone formatter (and its metadata) stays out of the first bundle: fetched on first use.
          void import('../../../lib/phone').then(({ formatPhone }) =>
            toast.success({
              title: tRef.current('numbers.connectedToast', { number: formatPhone(n.e164) }),
            }),
          );
        }
        seen.current.set(n.id, n.importStatus);
      }
    };
    check(queryClient.getQueryData<NumbersList>(telephonyKeys.numbers(orgId)));
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryHash === key)
        check(event.query.state.data as NumbersList | undefined);
    });
  }, [orgId, queryClient, toast]);
}
