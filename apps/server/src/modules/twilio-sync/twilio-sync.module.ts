import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { contactsRepository } from '../contacts/contacts.repository.ts';
import { syncPageJob } from './twilio-sync.jobs.ts';
import { twilioSyncRepository } from './twilio-sync.repository.ts';
import { twilioSyncRoutes } from './twilio-sync.routes.ts';
import { twilioSyncService, type TwilioSyncService } from './twilio-sync.service.ts';

/** Sync from Twilio: the service, its page job (for `jobs.register`) and the routes. */
export function twilioSyncModule(deps: {
  db: Db;
  jobs: Pick<JobQueue, 'send'>;
  telephonyFor: (orgId: string) => Promise<TelephonyPort>;
  log: Logger;
}) {
  const job = syncPageJob(() => service);
  const service: TwilioSyncService = twilioSyncService({
    repo: twilioSyncRepository(deps.db),
    contacts: contactsRepository(deps.db),
    telephonyFor: deps.telephonyFor,
    log: deps.log,
    enqueue: async (payload, delayMs) => {
      await deps.jobs.send(job, payload, delayMs ? { startAfter: new Date(Date.now() + delayMs) } : {});
    },
  });
  return {
    service,
    job,
    registerRoutes(app: FastifyInstance, sessions: SessionResolver) {
      twilioSyncRoutes(app, service, sessions);
    },
  };
}
