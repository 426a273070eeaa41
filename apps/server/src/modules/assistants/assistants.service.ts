import type { Assistant, Role } from '@ava/contracts';
import type { Config } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import { isProviderError } from '../../providers/provider-error.ts';
import type { AssistantSpec } from '../../providers/voice-agent/voice-agent.port.ts';
import type { CredentialsService } from '../credentials/credentials.service.ts';
import { appointmentToolDefinitions } from '../appointments/appointments.tools.ts';
import { presetRules } from './presets.ts';
import type { AssistantRow, AssistantsRepository, NewAssistant } from './assistants.repository.ts';

const MANAGERS: Role[] = ['owner', 'admin'];

/** The booking tools, in the port's vocabulary (Vapi posts their calls to AVA's webhook). */
const bookingTools = appointmentToolDefinitions.map((t) => ({
  name: t.function.name,
  description: t.function.description,
  parameters: t.function.parameters as Record<string, unknown>,
}));

export type AssistantsService = ReturnType<typeof assistantsService>;

/**
 * The org's receptionists, kept in AVA and mirrored at Vapi. A push to Vapi that fails never loses the
 * user's edit: it is stored with the reason and pushed again on the next save.
 */
export function assistantsService(deps: {
  repo: AssistantsRepository;
  credentials: CredentialsService;
  config: Config;
  log: Logger;
  /** called when an org gets a usable assistant (pending number imports can resume) */
  onReady: (orgId: string) => Promise<void>;
}) {
  const { repo, credentials, config, log, onReady } = deps;
  const requireManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };

  const toDto = (row: AssistantRow): Assistant => ({
    id: row.id,
    name: row.name,
    firstMessage: row.firstMessage,
    systemPrompt: row.systemPrompt,
    voice: row.voice,
    language: row.language,
    tone: row.tone,
    industry: row.industry,
    vapiAssistantId: row.vapiAssistantId,
    syncIssue: row.syncIssue ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

  /** What Vapi gets: our fields, the tone folded into the prompt, and the org's webhook with its secret. */
  async function specFor(orgId: string, row: AssistantRow): Promise<AssistantSpec> {
    return {
      name: row.name,
      firstMessage: row.firstMessage,
      // The tone is written into the prompt by the preset the user started from; the prompt is theirs.
      systemPrompt: row.systemPrompt,
      voice: row.voice,
      language: row.language,
      // A shop takes messages about orders rather than appointments: no booking tools there.
      tools: presetRules(row.industry).booking ? bookingTools : [],
      serverUrl: `${config.publicUrl}/webhooks/vapi`,
      serverSecret: await credentials.vapiWebhookSecret(orgId),
      metadata: { orgId, assistantId: row.id },
    };
  }

  /** Creates or updates the assistant at Vapi; records why when it cannot. */
  async function push(orgId: string, row: AssistantRow): Promise<AssistantRow> {
    try {
      const voice = await credentials.voiceAgentFor(orgId);
      const spec = await specFor(orgId, row);
      const remote = row.vapiAssistantId
        ? await voice.updateAssistant(row.vapiAssistantId, spec)
        : await voice.createAssistant(spec);
      const saved = (await repo.update(orgId, row.id, { vapiAssistantId: remote.id, syncIssue: null }))!;
      if (!row.vapiAssistantId) await onReady(orgId);
      return saved;
    } catch (err) {
      if (!isProviderError(err)) throw err;
      log.warn({ orgId, code: err.code }, 'assistant not pushed to Vapi');
      return (await repo.update(orgId, row.id, {
        syncIssue: { reason: err.reason, message: err.userMessage },
      }))!;
    }
  }

  return {
    toDto,
    specFor,

    async list(ctx: OrgContext) {
      return (await repo.list(ctx.orgId)).map(toDto);
    },

    async get(ctx: OrgContext, id: string) {
      const row = await repo.get(ctx.orgId, id);
      if (!row) throw new AppError('NOT_FOUND');
      return toDto(row);
    },

    async create(ctx: OrgContext, body: NewAssistant) {
      requireManager(ctx);
      const row = await repo.insert(ctx.orgId, { ...body, vapiAssistantId: null, syncIssue: null });
      return toDto(await push(ctx.orgId, row));
    },

    async update(ctx: OrgContext, id: string, patch: Partial<NewAssistant>) {
      requireManager(ctx);
      const existing = await repo.get(ctx.orgId, id);
      if (!existing) throw new AppError('NOT_FOUND');
      const row = (await repo.update(ctx.orgId, id, patch))!;
      return toDto(await push(ctx.orgId, row));
    },

    async remove(ctx: OrgContext, id: string) {
      requireManager(ctx);
      const row = await repo.get(ctx.orgId, id);
      if (!row) throw new AppError('NOT_FOUND');
      if (row.vapiAssistantId) {
        const voice = await credentials.voiceAgentFor(ctx.orgId);
        await voice.deleteAssistant(row.vapiAssistantId).catch((err: unknown) => {
          // Already gone at Vapi is what we wanted; anything else must not leave a live orphan.
          if (!(isProviderError(err) && err.status === 404)) throw err;
        });
      }
      await repo.remove(ctx.orgId, id);
    },

    /** The assistant a number is answered by: the one asked for, else the org's first one live at Vapi. */
    async usable(orgId: string, id?: string): Promise<AssistantRow | undefined> {
      if (id) {
        const row = await repo.get(orgId, id);
        return row?.vapiAssistantId ? row : undefined;
      }
      return (await repo.list(orgId)).find((a) => a.vapiAssistantId);
    },

    byVapiId: (orgId: string, vapiAssistantId: string) => repo.findByVapiId(orgId, vapiAssistantId),

    /** Re-pushes the assistant so its server URL and secret point at AVA (after a number import). */
    async assertServer(orgId: string, row: AssistantRow) {
      const voice = await credentials.voiceAgentFor(orgId);
      await voice.updateAssistant(row.vapiAssistantId!, await specFor(orgId, row));
    },
  };
}
