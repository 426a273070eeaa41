export { llmEmulator, LlmEmulatorState } from './llm.emulator.ts';
export type { LlmEmulatorOptions, LlmFaultConfig, LlmLedgerEntry } from './llm.emulator.ts';
export {
  countTokens,
  digest,
  generateReply,
  languageOf,
  toneOf,
  tokenize,
  truncateToTokens,
} from './reply.generator.ts';
export type {
  ReplyInput,
  ReplyLanguage,
  ReplyOutput,
  ReplyTone,
  ToolChoice,
  ToolSpec,
} from './reply.generator.ts';
