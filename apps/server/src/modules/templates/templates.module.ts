import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { LlmPort } from '../../providers/llm/llm.port.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { templatesRepository } from './templates.repository.ts';
import { templatesRoutes } from './templates.routes.ts';
import { templatesService } from './templates.service.ts';

export type TemplatesModule = ReturnType<typeof templatesModule>;

/**
 * Templates for the app: the service (REST), and the repository for the modules that send from a
 * template (`incrementUsage` once a message or bulk send uses one, `get` to read its text).
 */
export function templatesModule(deps: {
  db: Db;
  orgs: Pick<OrgsRepository, 'getOrg'>;
  llm: () => LlmPort | null;
}) {
  const repo = templatesRepository(deps.db);
  const service = templatesService({ repo, orgs: deps.orgs, llm: deps.llm });
  return {
    repo,
    service,
    registerRoutes(app: FastifyInstance, sessions: SessionResolver) {
      templatesRoutes(app, service, sessions);
    },
  };
}
