export { vapiEmulator } from './vapi.emulator.ts';
export type { TwilioNumberGateway, VapiEmulatorOptions } from './vapi.emulator.ts';
export { VapiEmulatorState, VAPI_SNAPSHOT_VERSION, RESTORED_CALL_ENDED_REASON } from './vapi.state.ts';
export type {
  AssistantRecord,
  CallRecord,
  LedgerApiFault,
  LedgerCallEvent,
  LedgerWebhook,
  PhoneNumberRecord,
  ServerConfig,
  VapiAccount,
  VapiLedger,
  VapiSnapshot,
} from './vapi.state.ts';
export type { VapiFaultConfig } from './faults.ts';
export { noFaults, seededRandom } from './faults.ts';
export { validateVapiDto } from './dto.validator.ts';
export type { VapiDtoName } from './dto.validator.ts';
export { ConversationEngine, detectLanguage, formatSlot } from './conversation.ts';
export { parseRequestedSlot, parseHebrewSlot } from './datetime.parser.ts';
export type { CallLanguage, RequestedSlot } from './datetime.parser.ts';
export { DEFAULT_SERVER_MESSAGES } from './call.simulator.ts';
