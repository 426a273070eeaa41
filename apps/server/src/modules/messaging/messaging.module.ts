import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import type { SessionResolver } from '../../http/session.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Logger } from '../../lib/logger.ts';
import type { LlmPort } from '../../providers/llm/llm.port.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import { contactsRepository } from '../contacts/contacts.repository.ts';
import type { CredentialsRepository } from '../credentials/credentials.repository.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import { phoneNumbersRepository } from '../phone-numbers/phone-numbers.repository.ts';
import { aiReplyJob } from './ai-replies.ts';
import { conversationsRepository } from './conversations.repository.ts';
import { messageDispatcher } from './dispatcher.ts';
import { messagingRepository } from './messaging.repository.ts';
import { messagingRoutes } from './messaging.routes.ts';
import { messagingService } from './messaging.service.ts';

/** The SMS hub: inbox, sending pipeline (planned in the database, dispatched by every worker), AI replies. */
export function messagingModule(deps: {
  db: Db;
  jobs: JobQueue;
  orgs: OrgsRepository;
  credentials: CredentialsRepository;
  telephonyFor: (orgId: string) => Promise<TelephonyPort>;
  llm: () => LlmPort | null;
  publicUrl: string;
  log: Logger;
  maxRetryDelayMs: number;
  templateUsed?: (orgId: string, templateId: string) => Promise<void>;
}) {
  const { db, jobs, log } = deps;
  const repo = messagingRepository(db);
  const conversations = conversationsRepository(db);
  const contacts = contactsRepository(db);
  const numbers = phoneNumbersRepository(db);
  const dispatcher = messageDispatcher({
    repo,
    telephonyFor: deps.telephonyFor,
    statusCallback: `${deps.publicUrl}/webhooks/twilio/status`,
    log,
    onOptOut: (orgId, contactId) => repo.setOptOut(orgId, contactId, true),
    maxRetryDelayMs: deps.maxRetryDelayMs,
  });
  jobs.addLoop(dispatcher);
  const service = messagingService({
    repo,
    conversations,
    contacts,
    numbers,
    orgs: deps.orgs,
    credentials: deps.credentials,
    telephonyFor: deps.telephonyFor,
    log,
    kick: () => dispatcher.kick(),
    aiReply: async (orgId, messageId) => {
      await jobs.send(aiReply, { orgId, messageId });
    },
    ...(deps.templateUsed ? { templateUsed: deps.templateUsed } : {}),
  });
  const aiReply = aiReplyJob({
    repo,
    contacts,
    numbers,
    orgs: deps.orgs,
    settings: (orgId) => service.settings(orgId),
    llm: deps.llm,
    kick: () => dispatcher.kick(),
    log,
  });
  jobs.register(aiReply);
  return {
    service,
    repo,
    registerRoutes(app: FastifyInstance, sessions: SessionResolver) {
      messagingRoutes(app, { service, repo, conversations, sessions });
    },
  };
}
