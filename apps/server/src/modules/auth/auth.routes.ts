import { authConfigSchema, logInBodySchema, logInResponseSchema, signUpBodySchema } from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toHeaders } from '../../http/auth-bridge.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(app: FastifyInstance, service: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/auth/config',
    {
      schema: {
        tags: ['auth'],
        summary: 'Which sign-in methods are available',
        response: { 200: authConfigSchema },
      },
    },
    async () => service.config(),
  );
  r.post(
    '/api/v1/auth/signup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and its organisation, send the verification email and sign in',
        body: signUpBodySchema,
        response: { 201: z.object({ userId: z.string() }) },
      },
    },
    async (request, reply) => {
      const { cookies, userId } = await service.signUp(request.body, toHeaders(request));
      reply.header('set-cookie', cookies);
      return reply.status(201).send({ userId });
    },
  );
  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email or phone number and password',
        body: logInBodySchema,
        response: { 200: logInResponseSchema },
      },
    },
    async (request, reply) => {
      const { cookies, twoFactorRequired } = await service.logIn(request.body, toHeaders(request));
      reply.header('set-cookie', cookies);
      return { twoFactorRequired };
    },
  );
}
