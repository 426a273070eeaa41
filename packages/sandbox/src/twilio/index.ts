export { twilioEmulator, type TwilioEmulatorOptions } from './twilio.emulator.ts';
export {
  createTwilioEmulatorState,
  TwilioEmulatorState,
  TIMINGS as TWILIO_TIMINGS,
  OPT_OUT_KEYWORDS,
  OPT_IN_KEYWORDS,
  type CreateAccountInput,
  type InboundResult,
  type SendMessageInput,
} from './state.ts';
export type {
  AccountRecord,
  CallRecord,
  IncomingNumberRecord,
  MessageRecord,
  TwilioEmulatorStateOptions,
  TwilioLedgerEntry,
} from './types.ts';
export { computeTwilioSignature, type WebhookParams } from './signature.ts';
export { countSegments, type SegmentInfo } from './segments.ts';
export { generateInventory, containsToRegExp, type InventoryNumber } from './inventory.ts';
export { TwilioApiError, type TwilioErrorBody } from './errors.ts';
export { rfc2822 } from './serialize.ts';
export { TWILIO_SNAPSHOT_VERSION, type TwilioSnapshot } from './snapshot.ts';
