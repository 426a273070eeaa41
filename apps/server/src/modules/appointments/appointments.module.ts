import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { appointmentsRepository } from './appointments.repository.ts';
import { appointmentsRoutes } from './appointments.routes.ts';
import { appointmentsService, type NotifyAppointment } from './appointments.service.ts';
import { appointmentTools } from './appointments.tools.ts';

export type AppointmentsModule = ReturnType<typeof appointmentsModule>;

/**
 * Everything the app needs from appointments in one place: the service (REST and other modules), the
 * assistant's tools (the Vapi tool-call dispatch) and the routes.
 */
export function appointmentsModule(deps: {
  db: Db;
  orgs: Pick<OrgsRepository, 'getOrg'>;
  publicUrl: string;
  log: Logger;
  /** the caller's confirmation SMS, from the number they called */
  notify?: NotifyAppointment;
  now?: () => number;
}) {
  const service = appointmentsService({
    repo: appointmentsRepository(deps.db),
    orgs: deps.orgs,
    publicUrl: deps.publicUrl,
    log: deps.log,
    ...(deps.notify ? { notify: deps.notify } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const tools = appointmentTools({ service, log: deps.log });
  return {
    service,
    tools,
    registerRoutes(app: FastifyInstance, sessions: SessionResolver) {
      appointmentsRoutes(app, service, sessions);
    },
  };
}
