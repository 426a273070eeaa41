import { z } from 'zod';
import { sandboxFetch } from './sandbox-fetch';

const VAPI = '/sandbox/vapi/sandbox';

const callSchema = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  endedReason: z.string().optional(),
});
export type SimulatedCallRecord = z.infer<typeof callSchema>;

export const toolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  result: z.string().optional(),
  error: z.string().optional(),
});
export type ToolCallTrace = z.infer<typeof toolCallSchema>;

const startedSchema = z.object({ call: callSchema, greeting: z.string().nullable(), ended: z.boolean() });
const turnSchema = z.object({
  replies: z.array(z.string()),
  toolCalls: z.array(toolCallSchema),
  ended: z.boolean(),
  call: callSchema.optional(),
});
const hungUpSchema = z.object({ call: callSchema });

/** Dials an AVA number from the handset; the call stays open for `say` until hung up. */
export const startSimulatedCall = (input: { number: string; from: string }) =>
  sandboxFetch(`${VAPI}/calls`, {
    method: 'POST',
    body: { number: input.number, from: input.from, interactive: true },
    schema: startedSchema,
  });

/** One caller line; answers what the assistant said and the tools it called on the way. */
export const saySimulatedCall = (callId: string, text: string) =>
  sandboxFetch(`${VAPI}/calls/${encodeURIComponent(callId)}/say`, {
    method: 'POST',
    body: { text },
    schema: turnSchema,
  });

export const hangUpSimulatedCall = (callId: string) =>
  sandboxFetch(`${VAPI}/calls/${encodeURIComponent(callId)}/hangup`, {
    method: 'POST',
    body: {},
    schema: hungUpSchema,
  });
