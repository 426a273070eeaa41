import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { RateLimitRepository } from '../modules/auth/rate-limit.repository.ts';
import { AppError } from './errors.ts';

// Routes where a guess can be made: signing in, codes, links, resets. Reading a session is not an attempt.
const ATTEMPT_ROUTES =
  /^\/api\/(v1\/auth\/(login|signup)|auth\/(sign-in\/.*|sign-up\/.*|phone-number\/.*|two-factor\/(verify|send).*|request-password-reset|reset-password.*|forget-password|magic-link\/verify|verify-email|send-verification-email))$/;

function identifierOf(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const raw = body?.identifier ?? body?.email ?? body?.phoneNumber;
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s().-]/g, '');
}

/**
 * At most `limit` attempts a minute per identifier and per client IP on auth routes, counted in the
 * database so every instance of a fleet shares the same counters.
 */
export function registerAuthRateLimit(app: FastifyInstance, repo: RateLimitRepository, limit: number) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' && !request.url.startsWith('/api/auth/magic-link/verify')) return;
    const path = request.url.split('?')[0]!;
    if (!ATTEMPT_ROUTES.test(path)) return;
    const keys = [`ip:${request.ip}`];
    const id = identifierOf(request);
    // Hashed so the table never stores a list of emails and phone numbers someone tried.
    if (id) keys.push(`id:${createHash('sha256').update(id).digest('hex')}`);
    for (const key of keys) {
      const { count, resetAt } = await repo.hit(key, 60);
      if (count > limit) {
        reply.header('retry-after', Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)));
        throw new AppError('RATE_LIMITED');
      }
    }
  });
}
