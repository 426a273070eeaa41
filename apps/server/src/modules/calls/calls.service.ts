import type { Logger } from '../../lib/logger.ts';
import { ttlCache } from '../../lib/ttl-cache.ts';
import type { ContactsRepository } from '../contacts/contacts.repository.ts';
import type { CallsRepository, CallRow, CallValues, ToolCallEntry } from './calls.repository.ts';

/** How long tool calls wait to be recorded together (under load, one statement records many). */
const TOOL_CALL_BATCH_MS = 20;

type VapiCall = {
  id?: string;
  assistantId?: string;
  phoneNumberId?: string;
  customer?: { number?: string; name?: string };
  startedAt?: string;
};
type VapiMessage = {
  type: string;
  status?: string;
  endedReason?: string;
  call?: VapiCall;
  customer?: { number?: string; name?: string };
  artifact?: {
    transcript?: string;
    messages?: { role: string; message?: string; time?: number }[];
    recordingUrl?: string;
  };
  analysis?: { summary?: string; structuredData?: unknown; successEvaluation?: unknown };
  cost?: number;
  costBreakdown?: unknown;
  startedAt?: string;
  endedAt?: string;
  durationSeconds?: number;
  // legacy top-level fields some payloads still carry (NOTES §3.2)
  transcript?: string;
  summary?: string;
  recordingUrl?: string;
  messages?: { role: string; message?: string; time?: number }[];
};

export type CallsService = ReturnType<typeof callsService>;

/** Turns Vapi's server messages into one call record per call, linked to the caller's contact. */
export function callsService(deps: {
  repo: CallsRepository;
  contacts: ContactsRepository;
  log: Logger;
  /** resolves AVA's ids for Vapi's assistant and phone-number ids within the org */
  resolve: (
    orgId: string,
    call: VapiCall,
  ) => Promise<{ assistantId: string | null; phoneNumberId: string | null }>;
  /** after a call is complete (tells the owner); must be idempotent */
  onEnded: (orgId: string, call: CallRow) => Promise<void>;
}) {
  const { repo, contacts, onEnded, log } = deps;
  // A call sends several messages (status updates, then its report): its ids resolve once.
  const resolved = ttlCache<Awaited<ReturnType<typeof deps.resolve>>>(30_000);
  const resolve = (orgId: string, call: VapiCall) =>
    resolved.get(`${orgId}:${call.assistantId ?? ''}:${call.phoneNumberId ?? ''}`, () =>
      deps.resolve(orgId, call),
    );

  // Tool calls waiting to be recorded, per org and call, in the order they were answered.
  let pending = new Map<string, Map<string, ToolCallEntry[]>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  // One flush at a time: a later batch never overtakes an earlier one on the same call.
  let flushing: Promise<void> = Promise.resolve();

  function flushToolCalls(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = new Map();
    flushing = flushing.then(async () => {
      for (const [orgId, byCall] of batch) {
        const rows = [...byCall].map(([vapiCallId, entries]) => ({ vapiCallId, entries }));
        await repo
          .appendToolCalls(orgId, rows)
          .catch((err: unknown) => log.warn({ err, orgId }, 'tool calls not recorded on their calls'));
      }
    });
    return flushing;
  }

  async function base(orgId: string, m: VapiMessage): Promise<CallValues> {
    const call = m.call ?? {};
    const customer = m.customer ?? call.customer ?? {};
    const ids = await resolve(orgId, call);
    const contact = customer.number
      ? await contacts.matchOrCreate(orgId, customer.number, customer.name)
      : undefined;
    return {
      ...ids,
      ...(customer.number ? { callerNumber: customer.number } : {}),
      ...(customer.name ? { callerName: customer.name } : {}),
      ...(contact ? { contactId: contact.id } : {}),
    };
  }

  return {
    async handle(orgId: string, m: VapiMessage) {
      const callId = m.call?.id;
      if (!callId) return;
      if (m.type === 'status-update') {
        await repo.upsert(orgId, callId, {
          ...(await base(orgId, m)),
          status: m.status ?? 'in-progress',
          ...(m.status === 'in-progress' ? { startedAt: new Date(m.call?.startedAt ?? Date.now()) } : {}),
          ...(m.endedReason ? { endedReason: m.endedReason } : {}),
        });
        return;
      }
      if (m.type === 'end-of-call-report') {
        const startedAt = m.startedAt ? new Date(m.startedAt) : null;
        const endedAt = m.endedAt ? new Date(m.endedAt) : null;
        const duration =
          m.durationSeconds ??
          (startedAt && endedAt
            ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000))
            : null);
        const messages = (m.artifact?.messages ?? m.messages ?? [])
          .filter(
            (x) =>
              x.role === 'user' ||
              x.role === 'bot' ||
              x.role === 'assistant' ||
              x.role === 'tool_calls' ||
              x.role === 'tool_call_result',
          )
          .map((x) => ({
            role: x.role === 'bot' ? 'assistant' : x.role,
            message: x.message ?? '',
            ...(x.time ? { time: x.time } : {}),
          }));
        const success = m.analysis?.successEvaluation;
        const row = await repo.upsert(orgId, callId, {
          ...(await base(orgId, m)),
          status: 'ended',
          startedAt,
          endedAt,
          durationSeconds: duration,
          transcript: m.artifact?.transcript ?? m.transcript ?? null,
          messages,
          summary: m.analysis?.summary ?? m.summary ?? null,
          recordingUrl: m.artifact?.recordingUrl ?? m.recordingUrl ?? null,
          cost: m.cost === undefined ? null : String(m.cost),
          costBreakdown: m.costBreakdown ?? null,
          endedReason: m.endedReason ?? null,
          successEvaluation: success === undefined || success === null ? null : String(success),
          structuredData: m.analysis?.structuredData ?? null,
        });
        if (row) await onEnded(orgId, row);
      }
    },

    /**
     * Remembers a tool call the assistant made, for the call detail: written a moment later with the
     * others answered meanwhile, off the caller's time (the stored raw events are the record).
     */
    recordToolCall(orgId: string, vapiCallId: string, entry: ToolCallEntry) {
      let byCall = pending.get(orgId);
      if (!byCall) pending.set(orgId, (byCall = new Map()));
      byCall.set(vapiCallId, [...(byCall.get(vapiCallId) ?? []), entry]);
      timer ??= setTimeout(() => void flushToolCalls(), TOOL_CALL_BATCH_MS);
    },

    /** Writes the tool calls still waiting (tests, shutdown); resolves when they are stored. */
    flushToolCalls,
  };
}
