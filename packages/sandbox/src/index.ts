import type { FastifyInstance } from 'fastify';
import { llmEmulator, LlmEmulatorState } from './llm/index.ts';
import { createDebouncedSaver, readJsonFile } from './shared/persist.ts';
import { TwilioEmulatorState, twilioEmulator, type TwilioSnapshot } from './twilio/index.ts';
import {
  vapiEmulator,
  VapiEmulatorState,
  type TwilioNumberGateway,
  type VapiSnapshot,
} from './vapi/index.ts';

export * from './twilio/index.ts';
export * from './llm/index.ts';
export {
  vapiEmulator,
  VapiEmulatorState,
  validateVapiDto,
  ConversationEngine,
  parseRequestedSlot,
  DEFAULT_SERVER_MESSAGES,
  type TwilioNumberGateway,
  type VapiEmulatorOptions,
  type CallRecord as VapiCallRecord,
  type AssistantRecord,
  type PhoneNumberRecord,
  type VapiLedger,
  type VapiSnapshot,
  VAPI_SNAPSHOT_VERSION,
  RESTORED_CALL_ENDED_REASON,
} from './vapi/index.ts';
export { readJsonFile, writeFileAtomic, PERSIST_FILE_MODE } from './shared/persist.ts';

export type SandboxOptions = {
  /** Public origin of the server the sandbox is mounted in (webhook URLs Vapi hands to Twilio). */
  publicBaseUrl: string;
  /** 'real' timers (interactive use) or 'manual' (tests advance time). */
  clock?: 'real' | 'manual';
  seed?: number;
  freeNumberCap?: number;
  /**
   * JSON file holding the Twilio and Vapi emulator state across restarts. Loaded at mount when it
   * exists (a corrupt file or unknown version throws, naming the file); written atomically (mode 0600:
   * it holds sandbox auth tokens) `persistDebounceMs` after changes and when the app closes.
   */
  persistFile?: string;
  /** Default 500. */
  persistDebounceMs?: number;
};

export type Sandbox = {
  twilio: TwilioEmulatorState;
  vapi: VapiEmulatorState;
  llm: LlmEmulatorState;
  /** Writes the state file now (no-op without `persistFile`). */
  save(): Promise<void>;
};

export const SANDBOX_SNAPSHOT_VERSION = 1;

/** Content of the `persistFile`. The LLM emulator keeps nothing worth persisting (ledger and faults only). */
export interface SandboxSnapshot {
  version: typeof SANDBOX_SNAPSHOT_VERSION;
  savedAt: string;
  twilio: TwilioSnapshot;
  vapi: VapiSnapshot;
}

export function snapshotSandbox(sandbox: Pick<Sandbox, 'twilio' | 'vapi'>): SandboxSnapshot {
  return {
    version: SANDBOX_SNAPSHOT_VERSION,
    savedAt: new Date().toISOString(),
    twilio: sandbox.twilio.snapshot(),
    vapi: sandbox.vapi.snapshot(),
  };
}

/** Checks the envelope of a parsed state file; the parts are checked by the states' `restore`. */
function sandboxSnapshotParts(json: unknown): { twilio: unknown; vapi: unknown } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('expected a JSON object');
  }
  const o = json as Record<string, unknown>;
  if (o['version'] !== SANDBOX_SNAPSHOT_VERSION) {
    throw new Error(
      `unsupported sandbox snapshot version ${JSON.stringify(o['version'])} (this build reads version ${SANDBOX_SNAPSHOT_VERSION})`,
    );
  }
  if (o['twilio'] === undefined || o['vapi'] === undefined) throw new Error('missing "twilio" or "vapi"');
  return { twilio: o['twilio'], vapi: o['vapi'] };
}

/**
 * Lets the Vapi emulator check and take over numbers in the Twilio emulator, as real Vapi does with a
 * customer's Twilio account when a number is imported.
 */
export function twilioGateway(twilio: TwilioEmulatorState): TwilioNumberGateway {
  return {
    async verifyNumber(accountSid, authToken, number) {
      const account = twilio.authenticate(accountSid, authToken);
      if (!account) return { ok: false, reason: 'invalid-credentials' };
      const owned = twilio.listNumbers(accountSid).find((n) => n.phoneNumber === number);
      if (!owned) return { ok: false, reason: 'number-not-found' };
      return { ok: true, numberSid: owned.sid };
    },
    async setNumberUrls({ accountSid, numberSid, voiceUrl, smsUrl }) {
      const record = twilio.getNumber(accountSid, numberSid);
      if (!record) return;
      twilio.updateNumber(record, { voiceUrl, ...(smsUrl ? { smsUrl } : {}) });
    },
  };
}

/**
 * Mounts the three emulators under <prefix>/twilio, <prefix>/vapi and <prefix>/llm of one Fastify
 * instance and returns their shared state (ledgers, clocks, faults).
 */
export async function mountSandbox(
  app: FastifyInstance,
  prefix: string,
  options: SandboxOptions,
): Promise<Sandbox> {
  const twilioOptions = {
    seed: options.seed,
    clock: options.clock ?? 'real',
    publicBaseUrl: options.publicBaseUrl,
  } as const;
  const file = options.persistFile;
  const saved = file === undefined ? undefined : await readJsonFile(file);
  let twilio: TwilioEmulatorState;
  let vapi: VapiEmulatorState;
  if (saved === undefined) {
    twilio = new TwilioEmulatorState(twilioOptions);
    vapi = new VapiEmulatorState();
  } else {
    try {
      const parts = sandboxSnapshotParts(saved);
      twilio = TwilioEmulatorState.restore(parts.twilio, twilioOptions);
      vapi = VapiEmulatorState.restore(parts.vapi);
    } catch (error) {
      throw new Error(
        `Sandbox state file ${String(file)} cannot be restored: ${(error as Error).message}. ` +
          'Fix or delete it to start with an empty sandbox.',
        { cause: error },
      );
    }
    app.log.info({ file }, 'sandbox state restored');
  }
  const llm = new LlmEmulatorState();

  const saver =
    file === undefined
      ? undefined
      : createDebouncedSaver({
          file,
          serialize: () => `${JSON.stringify(snapshotSandbox({ twilio, vapi }), null, 2)}\n`,
          debounceMs: options.persistDebounceMs ?? 500,
          onError: (error) => app.log.error({ err: error, file }, 'saving the sandbox state failed'),
        });
  if (saver) {
    // Changes: any write request to the Twilio or Vapi emulator, plus what happens in between (message
    // and call lifecycles, webhooks, accounts created in-process by the host app).
    const writes = [`${prefix}/twilio/`, `${prefix}/vapi/`];
    app.addHook('onResponse', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      if (writes.some((p) => request.url.startsWith(p))) saver.schedule();
    });
    twilio.ledger.subscribe(() => saver.schedule());
    vapi.onChange(() => saver.schedule());
  }
  await app.register(twilioEmulator, { prefix: `${prefix}/twilio`, state: twilio });
  await app.register(vapiEmulator, {
    prefix: `${prefix}/vapi`,
    state: vapi,
    twilio: twilioGateway(twilio),
    publicBaseUrl: `${options.publicBaseUrl}${prefix}/vapi`,
    freeNumberCap: options.freeNumberCap,
  });
  await app.register(llmEmulator, { prefix: `${prefix}/llm`, state: llm });
  // The states outlive the plugins (they were passed in), so their timers end with the host app.
  app.addHook('onClose', async () => {
    twilio.dispose();
    // A failed final write is logged, not thrown: it must not stop the host app from shutting down.
    await saver
      ?.close()
      .catch((error: unknown) =>
        app.log.error({ err: error, file }, 'saving the sandbox state on close failed'),
      );
  });
  return { twilio, vapi, llm, save: async () => saver?.save() };
}
