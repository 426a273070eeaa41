// A tiny stand-in for the product's webhook endpoint: records every server message and answers
// tool-calls / assistant-request the way the product would.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: { message: Record<string, unknown> & { type: string } };
}

export type Responder = (received: Received) => unknown | Promise<unknown>;

export interface Receiver {
  url: string;
  received: Received[];
  types(): string[];
  close(): Promise<void>;
}

export async function startReceiver(respond: Responder = () => ({})): Promise<Receiver> {
  const app: FastifyInstance = Fastify();
  const received: Received[] = [];
  app.post('/*', async (request) => {
    const entry: Received = {
      path: request.url,
      headers: request.headers,
      body: request.body as Received['body'],
    };
    received.push(entry);
    return (await respond(entry)) ?? {};
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    types: () => received.map((r) => r.body.message.type),
    close: () => app.close(),
  };
}

/** Tool arguments arrive as a JSON string (schema ToolCall.function.arguments). */
export function toolCallOf(received: Received): { id: string; name: string; args: Record<string, unknown> } {
  const list = received.body.message['toolCallList'] as Array<{
    id: string;
    function: { name: string; arguments: string };
  }>;
  const call = list[0];
  if (call === undefined) throw new Error('empty toolCallList');
  return {
    id: call.id,
    name: call.function.name,
    args: JSON.parse(call.function.arguments) as Record<string, unknown>,
  };
}
