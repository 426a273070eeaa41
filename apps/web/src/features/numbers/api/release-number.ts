import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

/** Gives the number back to the provider and removes it from AVA. */
export const releaseNumber = (orgId: string, numberId: string): Promise<unknown> =>
  apiFetch(orgPath(orgId, `/numbers/${encodeURIComponent(numberId)}`), { method: 'DELETE' });

export function useReleaseNumber(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (numberId: string) => releaseNumber(orgId, numberId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) }),
  });
}
