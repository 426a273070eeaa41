import type { Logger } from '../../lib/logger.ts';
import type { ContactsRepository } from '../contacts/contacts.repository.ts';
import type { CallsRepository, CallRow, CallValues } from './calls.repository.ts';

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
  const { repo, contacts, resolve, onEnded } = deps;

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

    /** Remembers each tool call the assistant made on the call, for the call detail. */
    recordToolCall: (
      orgId: string,
      vapiCallId: string,
      entry: { id: string; name: string; arguments: unknown; result: unknown },
    ) => repo.appendToolCall(orgId, vapiCallId, entry),
  };
}
