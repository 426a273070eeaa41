import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { sandboxFetch } from './sandbox-fetch';

const TWILIO = '/sandbox/twilio/sandbox';

/** The fields the simulator reads from the Twilio emulator's message JSON (Twilio's snake_case). */
export const handsetMessageSchema = z.object({
  sid: z.string(),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  direction: z.string(),
  status: z.string(),
  date_created: z.string(),
  error_code: z.union([z.number(), z.string()]).nullish(),
  error_message: z.string().nullish(),
});
export type HandsetMessage = z.infer<typeof handsetMessageSchema>;

const inboxSchema = z.object({ messages: z.array(handsetMessageSchema) });
const sentSchema = z.object({ message: handsetMessageSchema, replies: z.array(handsetMessageSchema) });
export type HandsetSendResult = z.infer<typeof sentSchema>;

/** Everything the handset sent and received, in the emulator's order (oldest first). */
export const listHandsetMessages = (handset: string): Promise<HandsetMessage[]> =>
  sandboxFetch(`${TWILIO}/handsets/${encodeURIComponent(handset)}/messages`, { schema: inboxSchema }).then(
    (r) => r.messages,
  );

/** The handset texts a number of the emulator; the number's webhook (AVA) answers, replies come back. */
export const sendHandsetMessage = (input: { from: string; to: string; body: string }) =>
  sandboxFetch(`${TWILIO}/handsets/${encodeURIComponent(input.from)}/messages`, {
    method: 'POST',
    body: { to: input.to, body: input.body },
    schema: sentSchema,
  });

export const handsetMessagesQueryOptions = (handset: string) =>
  queryOptions({
    queryKey: ['sandbox', 'handset', handset],
    queryFn: () => listHandsetMessages(handset),
    // Replies and sign-in codes arrive on their own: poll like a phone would.
    refetchInterval: 2000,
    retry: false,
  });

export const useHandsetMessages = (handset: string | null) =>
  useQuery({ ...handsetMessagesQueryOptions(handset ?? ''), enabled: handset !== null });

export const useSendHandsetMessage = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendHandsetMessage,
    onSettled: (_data, _error, variables) =>
      queryClient.invalidateQueries({ queryKey: ['sandbox', 'handset', variables.from] }),
  });
};
