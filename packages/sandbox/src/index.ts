import type { FastifyInstance } from 'fastify';
import { llmEmulator, LlmEmulatorState } from './llm/index.ts';
import { createTwilioEmulatorState, twilioEmulator, type TwilioEmulatorState } from './twilio/index.ts';
import { vapiEmulator, VapiEmulatorState, type TwilioNumberGateway } from './vapi/index.ts';

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
} from './vapi/index.ts';

export type SandboxOptions = {
  /** Public origin of the server the sandbox is mounted in (webhook URLs Vapi hands to Twilio). */
  publicBaseUrl: string;
  /** 'real' timers (interactive use) or 'manual' (tests advance time). */
  clock?: 'real' | 'manual';
  seed?: number;
  freeNumberCap?: number;
};

export type Sandbox = {
  twilio: TwilioEmulatorState;
  vapi: VapiEmulatorState;
  llm: LlmEmulatorState;
};

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
  const twilio = createTwilioEmulatorState({
    seed: options.seed,
    clock: options.clock ?? 'real',
    publicBaseUrl: options.publicBaseUrl,
  });
  const vapi = new VapiEmulatorState();
  const llm = new LlmEmulatorState();
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
  app.addHook('onClose', async () => twilio.dispose());
  return { twilio, vapi, llm };
}
