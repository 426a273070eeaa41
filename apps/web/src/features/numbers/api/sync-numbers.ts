import { syncResultSchema, type SyncResult } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

/** Mirrors the Twilio account's numbers into AVA (added, updated, released). */
export const syncNumbers = (orgId: string): Promise<SyncResult> =>
  apiFetch(orgPath(orgId, '/numbers/sync'), { method: 'POST', body: {}, schema: syncResultSchema });

export function useSyncNumbers(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => syncNumbers(orgId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) }),
  });
}
