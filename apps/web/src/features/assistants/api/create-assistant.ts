import { assistantSchema, type Assistant, type AssistantBody } from '@ava/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { orgPath, telephonyKeys } from '../../telephony/api/keys';

export const createAssistant = (orgId: string, body: AssistantBody): Promise<Assistant> =>
  apiFetch(orgPath(orgId, '/assistants'), { method: 'POST', body, schema: assistantSchema });

export function useCreateAssistant(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssistantBody) => createAssistant(orgId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.assistants(orgId) });
      // Pending imports resume once a receptionist exists.
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.numbers(orgId) });
    },
  });
}
