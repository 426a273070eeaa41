import { assistantSchema, type Assistant, type AssistantBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export const updateAssistant = (
  orgId: string,
  assistantId: string,
  body: Partial<AssistantBody>,
): Promise<Assistant> =>
  apiFetch(orgPath(orgId, `/assistants/${encodeURIComponent(assistantId)}`), {
    method: 'PATCH',
    body,
    schema: assistantSchema,
  });

export function useUpdateAssistant(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<AssistantBody> }) =>
      updateAssistant(orgId, id, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.assistants(orgId) });
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) });
    },
  });
}
