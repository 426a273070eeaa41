import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { contactsRepository } from './contacts.repository.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { contactsService } from './contacts.service.ts';

export type ContactsModule = ReturnType<typeof contactsModule>;

/** The address book behind the SMS hub: the service for other modules, and the REST routes. */
export function contactsModule(deps: { db: Db; orgs: Pick<OrgsRepository, 'getOrg'> }) {
  const service = contactsService({ repo: contactsRepository(deps.db), orgs: deps.orgs });
  return {
    service,
    registerRoutes(app: FastifyInstance, sessions: SessionResolver) {
      contactsRoutes(app, service, sessions);
    },
  };
}
