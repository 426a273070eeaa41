import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export const deleteAssistant = (orgId: string, assistantId: string): Promise<unknown> =>
  apiFetch(orgPath(orgId, `/assistants/${encodeURIComponent(assistantId)}`), { method: 'DELETE' });

export function useDeleteAssistant(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assistantId: string) => deleteAssistant(orgId, assistantId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.assistants(orgId) });
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) });
    },
  });
}
