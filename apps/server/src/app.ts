import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { registerAuthBridge } from './http/auth-bridge.ts';
import { errorBody, registerErrorHandling } from './http/errors.ts';
import { registerAuthRateLimit } from './http/rate-limit.ts';
import { lazyDefaultCompilers } from './http/schema-compilers.ts';
import { sessionResolver } from './http/session.ts';
import { JobQueue } from './jobs/queue.ts';
import type { Logger } from './lib/logger.ts';
import type { Keyring } from './lib/secrets.ts';
import { createAuth } from './modules/auth/auth.ts';
import { pruneRateLimitsJob } from './modules/auth/auth.jobs.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { authService } from './modules/auth/auth.service.ts';
import { identityRepository } from './modules/auth/identity.repository.ts';
import { rateLimitRepository } from './modules/auth/rate-limit.repository.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { orgsRepository } from './modules/orgs/orgs.repository.ts';
import { orgsRoutes } from './modules/orgs/orgs.routes.ts';
import { orgsService } from './modules/orgs/orgs.service.ts';
import { outboxRepository } from './modules/outbox/outbox.repository.ts';
import { outboxRoutes } from './modules/outbox/outbox.routes.ts';
import { credentialsRepository } from './modules/credentials/credentials.repository.ts';
import { credentialsRoutes } from './modules/credentials/credentials.routes.ts';
import { credentialsService } from './modules/credentials/credentials.service.ts';
import { phoneNumbersRepository } from './modules/phone-numbers/phone-numbers.repository.ts';
import { phoneNumbersRoutes } from './modules/phone-numbers/phone-numbers.routes.ts';
import {
  phoneNumbersService,
  type PhoneNumbersService,
} from './modules/phone-numbers/phone-numbers.service.ts';
import { assertServerJob, resumeImportsJob } from './modules/phone-numbers/phone-numbers.jobs.ts';
import { assistantsRepository } from './modules/assistants/assistants.repository.ts';
import { assistantsRoutes } from './modules/assistants/assistants.routes.ts';
import { presetsRoutes } from './modules/assistants/presets.routes.ts';
import { assistantsService } from './modules/assistants/assistants.service.ts';
import { webhooksRepository } from './modules/webhooks/webhooks.repository.ts';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.ts';
import { webhooksService } from './modules/webhooks/webhooks.service.ts';
import { appointmentsModule } from './modules/appointments/appointments.module.ts';
import { appointmentToolNames, readOnlyToolNames } from './modules/appointments/appointments.tools.ts';
import { appointmentSmsNotifier, sendConfirmationJob } from './modules/appointments/appointments.notify.ts';
import { webhookEventProcessor } from './modules/webhooks/webhooks.processor.ts';
import { messagingModule } from './modules/messaging/messaging.module.ts';
import { templatesModule } from './modules/templates/templates.module.ts';
import { contactsModule } from './modules/contacts/contacts.module.ts';
import { twilioSyncModule } from './modules/twilio-sync/twilio-sync.module.ts';
import { smsAnalyticsRepository } from './modules/analytics/sms-analytics.repository.ts';
import { smsAnalyticsService } from './modules/analytics/sms-analytics.service.ts';
import { smsAnalyticsRoutes } from './modules/analytics/sms-analytics.routes.ts';
import { callIdFor, callsRepository } from './modules/calls/calls.repository.ts';
import { ttlCache } from './lib/ttl-cache.ts';
import { httpDuration, webhookRequests } from './lib/metrics.ts';
import { isOpenAt } from './modules/appointments/availability.ts';
import { callsService } from './modules/calls/calls.service.ts';
import { callNotifier } from './modules/calls/calls.notify.ts';
import { callsRoutes } from './modules/calls/calls.routes.ts';
import { analyticsRepository } from './modules/analytics/analytics.repository.ts';
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { contactsRepository } from './modules/contacts/contacts.repository.ts';
import { AppError } from './http/errors.ts';

/** A tool the receptionist can call during a call; returns what the assistant should know. */
export type ToolHandler = (
  orgId: string,
  args: unknown,
  ctx: { toolCallId: string; vapiCallId?: string; callerNumber?: string },
) => Promise<unknown>;
import { mountSandbox, type Sandbox, type SandboxOptions } from '@ava/sandbox';
import { outboxEmail } from './providers/email/outbox.adapter.ts';
import type { EmailPort } from './providers/email/email.port.ts';
import { smtpEmail } from './providers/email/smtp.adapter.ts';
import { systemSmsSender } from './providers/telephony/system-sms.ts';
import { createLlm } from './providers/llm/llm.factory.ts';
import type { LlmPort } from './providers/llm/llm.port.ts';
import type { SmsSender } from './providers/telephony/telephony.port.ts';

export type AppDeps = {
  config: Config;
  database: Database;
  log: Logger;
  keyring: Keyring;
  /** whether migrations have run (readiness) */
  migrated?: () => boolean;
  /** sandbox emulator settings (tests use a manual clock) */
  sandbox?: Partial<SandboxOptions>;
};

export type AvaServices = {
  config: Config;
  jobs: JobQueue;
  auth: ReturnType<typeof createAuth>;
  email: EmailPort;
  /** sends AVA's own SMS (sign-in codes) */
  systemSms: SmsSender;
  /** the model AVA writes with; null when none is configured and sandbox is off */
  llm: LlmPort | null;
  /** the mounted emulators' state (ledgers, clocks) in sandbox mode */
  sandbox: Sandbox | null;
};

declare module 'fastify' {
  interface FastifyInstance {
    ava: AvaServices;
  }
}

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
// Paths that belong to the server; anything else that is not a file is a page of the SPA.
const NON_SPA = /^\/(api|webhooks|docs|sandbox\/(twilio|vapi|llm)|healthz|readyz)(\/|$)/;

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  // A plain loop: every webhook body passes here, and Object.entries allocated an array per level.
  for (const key in value)
    if (key.includes('\u0000') || hasNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, log, keyring } = deps;
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: lazyDefaultCompilers },
    // Malformed or over-long URLs are refused by the router itself: answer them in AVA's error model too.
    frameworkErrors: (_error, _request, reply: FastifyReply) => {
      void reply.status(400).send(errorBody('VALIDATION_FAILED', 'The address is malformed or too long.'));
    },
  }) as unknown as FastifyInstance; // pino's Logger is wider than FastifyBaseLogger; route helpers take the base type
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // PostgreSQL text cannot hold NUL characters: refuse them at the door rather than fail deep in a query.
  app.addHook('preValidation', async (request) => {
    if (hasNul(request.params) || hasNul(request.query) || hasNul(request.body))
      throw new AppError('VALIDATION_FAILED', 'Text cannot contain NUL characters.');
  });
  // Metrics and the security log: latency per route pattern (never the raw URL, which holds ids), webhook
  // outcomes, and every rejected webhook logged as a security event.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    httpDuration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
    if (route.startsWith('/webhooks/')) {
      const provider = route.includes('vapi') ? 'vapi' : 'twilio';
      const result =
        status < 300
          ? request.webhookReplay
            ? 'replayed'
            : 'accepted'
          : status === 401
            ? 'unsigned'
            : status === 403
              ? 'forged'
              : status < 500
                ? 'invalid'
                : 'failed';
      webhookRequests.inc({ provider, result });
      if (result === 'unsigned' || result === 'forged')
        request.log.warn({ security: true, provider, result, ip: request.ip, route }, 'webhook rejected');
    }
  });
  // Every log line of a request for an organisation names it.
  app.addHook('preHandler', async (request, reply) => {
    const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
    // reply.log writes the "request completed" line: both carry the tenant.
    if (typeof orgId === 'string') request.log = reply.log = request.log.child({ orgId });
  });

  // The SPA and the docs page load their own scripts; the API itself serves JSON only.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'AVA API',
        version: '1.0.0',
        description: 'The AI receptionist and SMS hub for small businesses.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Repositories and providers.
  const db = database.db;
  const orgsRepo = orgsRepository(db);
  const identity = identityRepository(db);
  const outboxRepo = outboxRepository(db);
  const rateLimits = rateLimitRepository(db);
  const email: EmailPort = config.smtpUrl
    ? smtpEmail(config.smtpUrl, config.mailFrom)
    : outboxEmail(outboxRepo, log);
  // Sandbox mode: the emulators answer on this same server, so the same adapters reach them over HTTP.
  const sandbox = config.sandbox
    ? await mountSandbox(app, '/sandbox', {
        publicBaseUrl: config.publicUrl,
        // The emulators' accounts and numbers survive restarts, like the embedded database beside them.
        persistFile: join(config.dataDir, 'sandbox-state.json'),
        ...deps.sandbox,
      })
    : null;
  const systemSms = systemSmsSender({ config, sandbox, keyring, outbox: outboxRepo, log });
  const secret =
    config.authSecret ?? createHmac('sha256', keyring.current.key).update('better-auth-secret').digest('hex');
  const auth = createAuth({ config, db, secret, email, sms: systemSms, orgs: orgsRepo, identity, log });
  const jobs = new JobQueue(database, log);
  jobs.register(pruneRateLimitsJob(rateLimits));
  app.decorate('ava', {
    config,
    jobs,
    auth,
    email,
    systemSms,
    sandbox,
    llm: createLlm(config, Boolean(sandbox), log),
  });

  const sessions = sessionResolver(auth, orgsRepo);
  // The tenant gate: under /api/v1/orgs/:orgId, who you are and whether you belong come before anything
  // else, so a stranger learns nothing from validation errors (401 without a session, 404 if not a member).
  app.addHook('preValidation', async (request) => {
    const orgId = (request.params as { orgId?: unknown } | undefined)?.orgId;
    if (typeof orgId === 'string' && request.routeOptions.url?.startsWith('/api/v1/orgs/:orgId'))
      await sessions.requireMember(request, orgId);
  });
  registerAuthRateLimit(app, rateLimits, config.authRateLimitPerMinute);
  registerAuthBridge(app, auth, config.publicUrl);
  healthRoutes(app, {
    database,
    jobs,
    migrated: deps.migrated ?? (() => true),
    metricsToken: config.metricsToken,
  });
  authRoutes(app, authService(auth, identity, config, !email.delivers));
  orgsRoutes(app, orgsService(auth, orgsRepo, identity), sessions);
  if (sandbox) outboxRoutes(app, outboxRepo, sandbox);
  // Telephony: credentials → receptionists → numbers. Resuming imports and re-asserting an assistant's
  // server URL happen in jobs, so a provider hiccup is retried instead of lost.
  const resumeImports = async (orgId: string) => {
    await jobs.send(
      resumeImportsJob(() => numbers),
      { orgId },
    );
  };
  const credentialsRepo = credentialsRepository(db);
  const credentials = credentialsService({
    repo: credentialsRepo,
    keyring,
    config,
    sandbox,
    log,
    onConnected: async (orgId, provider) => {
      if (provider === 'vapi') await resumeImports(orgId);
    },
  });
  credentialsRoutes(app, credentials, sessions);
  const assistants = assistantsService({
    repo: assistantsRepository(db),
    credentials,
    config,
    log,
    onReady: resumeImports,
  });
  assistantsRoutes(app, assistants, sessions);
  presetsRoutes(app);
  const numbers: PhoneNumbersService = phoneNumbersService({
    repo: phoneNumbersRepository(db),
    credentials,
    credentialsRepo,
    assistants,
    config,
    log,
    retryAssertServer: async (orgId, numberId) => {
      await jobs.send(
        assertServerJob(() => numbers),
        { orgId, numberId },
      );
    },
  });
  jobs.register(
    resumeImportsJob(() => numbers),
    assertServerJob(() => numbers),
  );
  phoneNumbersRoutes(app, numbers, sessions);
  // Appointments: the caller's confirmation SMS goes through a job; the assistant's tools are dispatched below.
  const confirmationJob = sendConfirmationJob({
    telephonyFor: (orgId) => credentials.telephonyFor(orgId),
    log,
  });
  jobs.register(confirmationJob);
  const appointments = appointmentsModule({
    db,
    orgs: orgsRepo,
    publicUrl: config.publicUrl,
    log,
    // The caller gets a text from the number they called (when it can send SMS).
    notify: appointmentSmsNotifier(async (payload) => {
      await jobs.send(confirmationJob, payload);
    }),
  });
  appointments.registerRoutes(app, sessions);
  // The receptionist's calls: Vapi's messages become call records, tool calls are answered at once.
  const callsRepo = callsRepository(db);
  const calls = callsService({
    repo: callsRepo,
    contacts: contactsRepository(db),
    log,
    resolve: async (orgId, call) => ({
      assistantId: call.assistantId
        ? ((await assistants.byVapiId(orgId, call.assistantId))?.id ?? null)
        : null,
      phoneNumberId: call.phoneNumberId
        ? ((await numbers.byVapiId(orgId, call.phoneNumberId))?.id ?? null)
        : null,
    }),
    onEnded: callNotifier({
      repo: callsRepo,
      email,
      publicUrl: config.publicUrl,
      owners: (orgId) => orgsRepo.callEmailRecipients(orgId),
      log,
    }),
  });
  callsRoutes(app, callsRepo, sessions);
  analyticsRoutes(app, { repo: analyticsRepository(db), calls: callsRepo, orgs: orgsRepo, sessions });
  // Tool calls are on the caller's time: who owns an assistant or number is cached briefly.
  // Only what exists is kept: an id not found (yet) is looked up again on the next request.
  const assistantCache = ttlCache<Awaited<ReturnType<typeof assistants.byVapiId>>>(30_000, 10_000, {
    keepIf: Boolean,
  });
  const numberCache = ttlCache<Awaited<ReturnType<typeof numbers.byVapiId>>>(30_000, 10_000, {
    keepIf: Boolean,
  });
  const assistantOf = (orgId: string, vapiId: string) =>
    assistantCache.get(`${orgId}:${vapiId}`, () => assistants.byVapiId(orgId, vapiId));
  const numberOf = (orgId: string, vapiId: string) =>
    numberCache.get(`${orgId}:${vapiId}`, () => numbers.byVapiId(orgId, vapiId));
  const events = webhooksRepository(db);
  // The SMS hub: stored Twilio webhooks become messages; sends are planned in the database and dispatched.
  const messagingMod = messagingModule({
    db,
    jobs,
    orgs: orgsRepo,
    credentials: credentialsRepo,
    telephonyFor: (orgId) => credentials.telephonyFor(orgId),
    llm: () => app.ava.llm,
    publicUrl: config.publicUrl,
    log,
    maxRetryDelayMs: config.smsRetryMaxDelayMs,
    templateUsed: async (orgId, templateId) => {
      await templates.repo.incrementUsage(orgId, templateId);
    },
  });
  messagingMod.registerRoutes(app, sessions);
  const messaging = messagingMod.service;
  // Stored webhooks become texts, statuses and call records (ADR 20): the events table is the queue.
  const eventProcessor = webhookEventProcessor({
    events,
    log,
    concurrency: database.kind === 'pglite' ? 1 : 8,
    // Statuses of one text, the texts of one sender, the messages of one call: each in order.
    orderKey(event) {
      if (event.provider === 'vapi')
        return `call:${(event.payload as { message?: { call?: { id?: string } } }).message?.call?.id ?? ''}`;
      const p = event.payload as Record<string, string>;
      return event.kind === 'message.status' ? `sms:${p.MessageSid ?? p.SmsSid}` : `from:${p.From}`;
    },
    async handle(event) {
      if (event.provider === 'vapi') {
        const { message } = event.payload as { message: Parameters<typeof calls.handle>[1] };
        return calls.handle(event.orgId, message);
      }
      const params = event.payload as Record<string, string>;
      if (event.kind === 'message.inbound') return messaging.inbound(event.orgId, params);
      if (event.kind === 'message.status') return messaging.status(event.orgId, params, event.receivedAt);
    },
  });
  jobs.addLoop(eventProcessor);
  const tools = new Map<string, ToolHandler>(
    appointmentToolNames.map((name) => [
      name,
      (orgId: string, args: unknown, ctx: Parameters<ToolHandler>[2]) =>
        appointments.tools.run(name, orgId, args, ctx),
    ]),
  );
  webhooksRoutes(
    app,
    webhooksService({
      credentials: credentialsRepo,
      events,
      keyring,
      stored: () => eventProcessor.kick(),
      log,
      vapi: {
        async owns(orgId, call) {
          if (call.assistantId && !(await assistantOf(orgId, call.assistantId))) return false;
          if (call.phoneNumberId && !(await numberOf(orgId, call.phoneNumberId))) return false;
          return true;
        },
        async prepareToolCalls(orgId, call) {
          // Everything but the tools' own reads is loaded here, from caches, before the transaction opens:
          // inside it only the transaction may be used. The number called is the one the confirmation SMS
          // goes out from, in the assistant's language; the call's id is derived from Vapi's, so the
          // booking links to it without a lookup.
          const [number, assistant, scope] = await Promise.all([
            call.phoneNumberId ? numberOf(orgId, call.phoneNumberId) : undefined,
            call.assistantId ? assistantOf(orgId, call.assistantId) : undefined,
            appointments.tools.prepare(orgId),
          ]);
          const context = {
            ...(call.id ? { callId: callIdFor(call.id) } : {}),
            ...(call.customer?.number ? { callerNumber: call.customer.number } : {}),
            ...(number ? { calledNumber: number.e164 } : {}),
            ...(assistant ? { language: assistant.language } : {}),
            ...scope,
          };
          return {
            writes: (toolCall) => !readOnlyToolNames.has(toolCall.name),
            async run(toolCall, tx) {
              const handler = tools.get(toolCall.name);
              if (!handler)
                throw new AppError('NOT_FOUND', `This assistant has no tool named ${toolCall.name}.`);
              return handler(orgId, toolCall.arguments, {
                toolCallId: toolCall.id,
                ...context,
                ...(tx ? { tx } : {}),
              });
            },
            // For the call detail only: recorded in batches after the reply (the raw event is stored).
            answered(answers) {
              if (!call.id) return;
              for (const { toolCall, result } of answers)
                calls.recordToolCall(orgId, call.id, { ...toolCall, result });
            },
          };
        },
        async assistantRequest(orgId, call) {
          const number = call.phoneNumberId ? await numbers.byVapiId(orgId, call.phoneNumberId) : undefined;
          // Outside the number's business hours, a fallback number takes the call when one is set;
          // otherwise the receptionist answers and takes a message.
          if (number?.businessHours?.length && number.fallbackNumber) {
            const tz = (await orgsRepo.getOrg(orgId))?.timezone ?? 'UTC';
            if (!isOpenAt(number.businessHours, Date.now(), tz)) {
              return { destination: { type: 'number', number: number.fallbackNumber } };
            }
          }
          const assistant = await assistants.usable(orgId, number?.assistantId ?? undefined);
          if (!assistant) return { error: 'Sorry, this number is not set up yet. Please call back later.' };
          return { assistantId: assistant.vapiAssistantId };
        },
      },
    }),
    config.publicUrl,
  );

  // Templates: saved texts with {variables}; "AI enhance" asks the LLM port, read per request.
  const templates = templatesModule({ db, orgs: orgsRepo, llm: () => app.ava.llm });
  templates.registerRoutes(app, sessions);

  // Contacts: the address book (search, tags, CSV import, opt-out by hand).
  contactsModule({ db, orgs: orgsRepo }).registerRoutes(app, sessions);

  // SMS analytics and cost: read-only aggregates over messages, numbers and calls.
  smsAnalyticsRoutes(app, smsAnalyticsService(smsAnalyticsRepository(db)), sessions);

  // Sync from Twilio: message history and call log imported page by page in jobs (resumable, idempotent).
  const twilioSync = twilioSyncModule({
    db,
    jobs,
    telephonyFor: (orgId) => credentials.telephonyFor(orgId),
    log,
  });
  jobs.register(twilioSync.job);
  twilioSync.registerRoutes(app, sessions);

  const webDist = config.webDist ?? defaultWebDist;
  const spa = existsSync(`${webDist}/index.html`);
  // wildcard: files are looked up per request, so a rebuilt SPA is served without a restart.
  if (spa) {
    await app.register(fastifyStatic, { root: webDist, wildcard: true, index: false });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').sendFile('index.html'));
  } else
    log.warn(
      { webDist },
      'web app not built: the API runs, the browser UI is missing (npm run build -w @ava/web)',
    );
  // History fallback: any GET for a page (not an API path, not a file) gets the SPA's index.html.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (spa && request.method === 'GET' && !NON_SPA.test(path) && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('NOT_FOUND', `No route ${request.method} ${path}`));
  });
  app.addHook('onClose', async () => {
    await jobs.stop();
    // Tool-call lines are written in batches after the reply: the last batch goes before the pool closes.
    await calls.flushToolCalls();
  });
  return app;
}
