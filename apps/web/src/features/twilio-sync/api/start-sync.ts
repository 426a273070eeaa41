import { twilioSyncRunSchema, type TwilioSyncKind, type TwilioSyncStatus } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, twilioSyncKeys } from './keys';

export const startSync = (orgId: string, kind: TwilioSyncKind) =>
  apiFetch(orgPath(orgId, `/twilio-sync/${kind}`), { method: 'POST', schema: twilioSyncRunSchema });

export function useStartSync(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: TwilioSyncKind) => startSync(orgId, kind),
    // The run is shown at once (which also starts the polling), before the next GET.
    onSuccess: (run) =>
      queryClient.setQueryData<TwilioSyncStatus>(twilioSyncKeys.status(orgId), (old) => ({
        messages: old?.messages ?? null,
        calls: old?.calls ?? null,
        [run.kind]: run,
      })),
  });
}
