import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Auth } from '../modules/auth/auth.ts';
import { mapAuthError } from '../modules/auth/auth.errors.ts';
import { errorBody, statusByCode } from './errors.ts';

export function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else headers.set(key, String(value));
  }
  return headers;
}

/**
 * Mounts better-auth at /api/auth/*. Its error bodies are rewritten into AVA's error model so every
 * endpoint of the API fails the same way.
 */
export function registerAuthBridge(app: FastifyInstance, auth: Auth, publicUrl: string) {
  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    async handler(request, reply) {
      const url = new URL(request.url, publicUrl);
      const hasBody = request.method !== 'GET' && request.body !== undefined;
      const headers = toHeaders(request);
      if (hasBody) headers.set('content-type', 'application/json');
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers,
          body: hasBody ? JSON.stringify(request.body) : undefined,
        }),
      );
      reply.status(response.status);
      response.headers.forEach((value, key) => {
        if (key === 'set-cookie' || key === 'content-length') return;
        reply.header(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      const text = await response.text();
      if (response.status >= 400) {
        let parsed: { code?: string; message?: string } | undefined;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        const appError = mapAuthError(response.status, parsed);
        if (statusByCode[appError.code] >= 500)
          request.log.error({ status: response.status }, 'auth handler failed');
        return reply
          .status(statusByCode[appError.code])
          .type('application/json')
          .send(errorBody(appError.code, appError.message, appError.details));
      }
      return reply.send(text);
    },
  });
}
