import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import type { PhoneNumbersService } from './phone-numbers.service.ts';

/** Pending imports resume when a missing piece appears (Vapi key saved, receptionist created). */
export const RESUME_IMPORTS = 'phone-numbers.resume-imports';
export const resumeImportsJob = (numbers: () => PhoneNumbersService) =>
  defineJob({
    name: RESUME_IMPORTS,
    schema: z.object({ orgId: z.string() }),
    handler: async ({ orgId }) => {
      await numbers().resumePending(orgId);
    },
  });

/** After an import, the assistant's server URL must point at AVA; retried until Vapi accepts it. */
export const ASSERT_SERVER = 'phone-numbers.assert-assistant-server';
export const assertServerJob = (numbers: () => PhoneNumbersService) =>
  defineJob({
    name: ASSERT_SERVER,
    schema: z.object({ orgId: z.string(), numberId: z.string() }),
    retryLimit: 10,
    handler: async ({ orgId, numberId }) => numbers().assertServer(orgId, numberId),
  });
