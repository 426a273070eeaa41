// In-memory state of the Vapi emulator. It is a plain object graph on purpose: tests and the sandbox
// UI read it directly (or through GET <prefix>/sandbox/ledger) to assert what the emulator did.
import { randomUUID } from 'node:crypto';
import type { VapiFaultConfig } from './faults.ts';
import { noFaults } from './faults.ts';

export type JsonObject = Record<string, unknown>;

export interface ServerConfig {
  url?: string;
  headers?: Record<string, string>;
  timeoutSeconds?: number;
}

export interface VapiAccount {
  orgId: string;
  name: string;
  privateKey: string;
  publicKey: string;
  /** The org-level server URL (dashboard setting), last in the server URL resolution order. */
  server?: ServerConfig;
  /** Overrides the emulator-wide free number cap for this account. */
  freeNumberCap?: number;
  createdAt: string;
}

export interface AssistantRecord extends JsonObject {
  id: string;
  orgId: string;
  createdAt: string;
  updatedAt: string;
}

export interface PhoneNumberRecord {
  /** The public resource, exactly as the API returns it (status is refreshed on read). */
  data: JsonObject & { id: string; orgId: string; provider: 'vapi' | 'twilio'; number: string };
  /** Epoch ms after which a free number leaves `activating`. */
  activatesAtMs: number;
  /** Twilio IncomingPhoneNumber SID returned by the Twilio gateway for imported numbers. */
  twilioNumberSid?: string;
}

export interface CallRecord extends JsonObject {
  id: string;
  orgId: string;
  createdAt: string;
  updatedAt: string;
  status: string;
}

export interface LedgerWebhook {
  seq: number;
  callId?: string;
  orgId?: string;
  messageType: string;
  url: string;
  requestHeaders: Record<string, string>;
  body: JsonObject;
  /** 1 for the first delivery, 2 for an injected duplicate. */
  attempt: number;
  fault?: 'dropped' | 'duplicated' | 'delayed';
  status?: number;
  responseBody?: unknown;
  error?: string;
  startedAt: string;
  durationMs: number;
}

export interface LedgerCallEvent {
  seq: number;
  callId: string;
  orgId: string;
  event: 'started' | 'user-said' | 'assistant-said' | 'tool-call' | 'ended';
  detail: JsonObject;
  at: string;
}

export interface LedgerApiFault {
  seq: number;
  method: string;
  url: string;
  status: number;
  at: string;
}

export interface VapiLedger {
  webhooks: LedgerWebhook[];
  callEvents: LedgerCallEvent[];
  apiFaults: LedgerApiFault[];
}

export class VapiEmulatorState {
  readonly accounts = new Map<string, VapiAccount>();
  readonly assistants = new Map<string, AssistantRecord>();
  readonly phoneNumbers = new Map<string, PhoneNumberRecord>();
  readonly calls = new Map<string, CallRecord>();
  readonly ledger: VapiLedger = { webhooks: [], callEvents: [], apiFaults: [] };
  /** Live fault-injection settings; tests may assign them directly or use PUT <prefix>/sandbox/faults. */
  faults: VapiFaultConfig = { ...noFaults };
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  createAccount(input: Partial<Omit<VapiAccount, 'createdAt'>> = {}, now = new Date()): VapiAccount {
    const account: VapiAccount = {
      orgId: input.orgId ?? randomUUID(),
      name: input.name ?? 'Sandbox account',
      privateKey: input.privateKey ?? randomUUID(),
      publicKey: input.publicKey ?? randomUUID(),
      createdAt: now.toISOString(),
      ...(input.server === undefined ? {} : { server: input.server }),
      ...(input.freeNumberCap === undefined ? {} : { freeNumberCap: input.freeNumberCap }),
    };
    this.accounts.set(account.orgId, account);
    return account;
  }

  findAccountByPrivateKey(key: string): VapiAccount | undefined {
    for (const account of this.accounts.values()) if (account.privateKey === key) return account;
    return undefined;
  }

  findPhoneNumberByNumber(number: string): PhoneNumberRecord | undefined {
    for (const record of this.phoneNumbers.values()) if (record.data.number === number) return record;
    return undefined;
  }

  clearLedger(): void {
    this.ledger.webhooks.length = 0;
    this.ledger.callEvents.length = 0;
    this.ledger.apiFaults.length = 0;
  }
}
