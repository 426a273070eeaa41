import {
  messagingSettingsSchema,
  updateMessagingSettingsBodySchema,
  type MessagingSettings,
} from '@ava/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;

export const messagingSettingsKey = (orgId: string) => ['orgs', orgId, 'messaging', 'settings'] as const;

/** The form checks its payload with the server's own schema before sending it. */
export { updateMessagingSettingsBodySchema };
export type UpdateMessagingSettingsBody = z.input<typeof updateMessagingSettingsBodySchema>;

export const getMessagingSettings = (orgId: string): Promise<MessagingSettings> =>
  apiFetch(orgPath(orgId, '/messaging/settings'), { schema: messagingSettingsSchema });

export const updateMessagingSettings = (orgId: string, body: UpdateMessagingSettingsBody) =>
  apiFetch(orgPath(orgId, '/messaging/settings'), { method: 'PATCH', body, schema: messagingSettingsSchema });

export const useMessagingSettings = (orgId: string) =>
  useQuery({ queryKey: messagingSettingsKey(orgId), queryFn: () => getMessagingSettings(orgId) });

export function useUpdateMessagingSettings(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMessagingSettingsBody) => updateMessagingSettings(orgId, body),
    onSuccess: (settings) => queryClient.setQueryData(messagingSettingsKey(orgId), settings),
  });
}
