import { presetQuerySchema, presetSchema } from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { presetFor } from './presets.ts';

/** Industry presets (onboarding step 3). Public data: no session needed. */
export function presetsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/presets',
    {
      schema: {
        tags: ['assistants'],
        summary: 'The starting receptionist for an industry, in a language, for a business',
        querystring: presetQuerySchema,
        response: { 200: presetSchema },
      },
    },
    async (req, reply) => {
      const { industry, language, business, tone } = req.query;
      reply.header('cache-control', 'public, max-age=3600');
      return presetFor(industry, language, { business, tone });
    },
  );
}
