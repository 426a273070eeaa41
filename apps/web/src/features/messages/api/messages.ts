import {
  conversationSchema,
  conversationsPageSchema,
  messageSchema,
  threadSchema,
  type Conversation,
  type SendMessageBody,
} from '@ava/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

const orgPath = (orgId: string, path: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}${path}`;

export const messagesKeys = {
  all: (orgId: string) => ['orgs', orgId, 'messages'] as const,
  inbox: (orgId: string, q: string) => ['orgs', orgId, 'messages', 'inbox', q] as const,
  thread: (orgId: string, id: string) => ['orgs', orgId, 'messages', 'thread', id] as const,
};

const settled = new Set(['delivered', 'undelivered', 'failed', 'canceled', 'received']);

/** The inbox refreshes every few seconds: new texts arrive by webhook, not by the user's actions. */
export const useConversations = (orgId: string, q: string) =>
  useQuery({
    queryKey: messagesKeys.inbox(orgId, q),
    queryFn: () =>
      apiFetch(orgPath(orgId, `/conversations?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`), {
        schema: conversationsPageSchema,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 4000,
  });

/** A thread polls faster while one of its texts is still on its way (delivery ticks update live). */
export const useThread = (orgId: string, id: string | undefined) =>
  useQuery({
    queryKey: messagesKeys.thread(orgId, id ?? ''),
    queryFn: () =>
      apiFetch(orgPath(orgId, `/conversations/${encodeURIComponent(id!)}`), { schema: threadSchema }),
    enabled: Boolean(id),
    refetchInterval: (query) =>
      query.state.data?.messages.some((m) => !settled.has(m.status)) ? 1500 : 4000,
  });

export function useSendMessage(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SendMessageBody) =>
      apiFetch(orgPath(orgId, '/messages'), { method: 'POST', body, schema: messageSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: messagesKeys.all(orgId) }),
  });
}

export function useUpdateConversation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; read?: true; phoneNumberId?: string }) =>
      apiFetch(orgPath(orgId, `/conversations/${encodeURIComponent(id)}`), {
        method: 'PATCH',
        body,
        schema: conversationSchema,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesKeys.all(orgId) }),
  });
}

export const openContactConversation = (orgId: string, contactId: string): Promise<Conversation> =>
  apiFetch(orgPath(orgId, '/conversations'), {
    method: 'POST',
    body: { contactId },
    schema: conversationSchema,
  });
