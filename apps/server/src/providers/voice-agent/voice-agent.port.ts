/**
 * AVA's vocabulary for the AI that answers the phone: an assistant (what it says and may do), the phone
 * numbers that route to it, and the calls it took. Adapters throw `ProviderError` on failure and never
 * return the per-org webhook secret or imported Twilio credentials.
 */

export type AssistantLanguage = 'fr' | 'en' | 'he';

export type AssistantTool = {
  name: string;
  description: string;
  /** JSON Schema of the arguments (`{ type: 'object', properties, required }`). */
  parameters: Record<string, unknown>;
};

export type AssistantSpec = {
  name: string;
  firstMessage: string;
  systemPrompt: string;
  voice: { provider: string; voiceId: string };
  language: AssistantLanguage;
  tools?: AssistantTool[];
  /** Where the provider posts call events and tool calls for this org. */
  serverUrl: string;
  /** Per-org secret the provider sends back on every webhook (see `verifyVapiSecret`). */
  serverSecret: string;
  /** Free-form tags echoed in webhooks (e.g. `{ orgId }`). */
  metadata?: Record<string, string>;
};

export type VoiceAssistant = {
  id: string;
  name: string;
  firstMessage: string | null;
  systemPrompt: string | null;
  voice: { provider: string; voiceId: string } | null;
  language: string | null;
  tools: AssistantTool[];
  serverUrl: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export type VoicePhoneNumber = {
  id: string;
  number: string | null;
  provider: string;
  /** `activating` for a few minutes after a free number is created. */
  status: string | null;
  name: string | null;
  assistantId: string | null;
  serverUrl: string | null;
  createdAt: string;
};

export type PhoneNumberRouting = {
  /** Where `assistant-request` and call events go when the number has no assistant (or as a fallback). */
  serverUrl: string;
  serverSecret: string;
  assistantId?: string;
  name?: string;
};

export type BuyFreeNumberInput = PhoneNumberRouting & { areaCode: string };

export type ImportTwilioNumberInput = PhoneNumberRouting & {
  number: string;
  twilioAccountSid: string;
  twilioAuthToken: string;
  /** AVA keeps SMS on its own Twilio webhook; Vapi must not take it over. */
  smsEnabled: false;
};

export type UpdatePhoneNumberInput = Partial<PhoneNumberRouting>;

export type VoiceCall = {
  id: string;
  type: string | null;
  status: string | null;
  assistantId: string | null;
  phoneNumberId: string | null;
  customerNumber: string | null;
  startedAt: string | null;
  endedAt: string | null;
  endedReason: string | null;
  durationSeconds: number | null;
  costUsd: number | null;
  summary: string | null;
  transcript: string | null;
  recordingUrl: string | null;
  createdAt: string;
};

export type ListVoiceCallsInput = {
  assistantId?: string;
  phoneNumberId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  limit?: number;
};

export interface VoiceAgentPort {
  /** Cheap authenticated call proving the API key works. */
  verify(): Promise<{ assistants: number }>;
  createAssistant(spec: AssistantSpec): Promise<VoiceAssistant>;
  /** Sends the whole spec: Vapi replaces top-level fields (model, server) rather than deep-merging them. */
  updateAssistant(id: string, spec: AssistantSpec): Promise<VoiceAssistant>;
  getAssistant(id: string): Promise<VoiceAssistant>;
  listAssistants(): Promise<VoiceAssistant[]>;
  deleteAssistant(id: string): Promise<void>;
  buyFreeNumber(input: BuyFreeNumberInput): Promise<VoicePhoneNumber>;
  importTwilioNumber(input: ImportTwilioNumberInput): Promise<VoicePhoneNumber>;
  updatePhoneNumber(id: string, input: UpdatePhoneNumberInput): Promise<VoicePhoneNumber>;
  listPhoneNumbers(): Promise<VoicePhoneNumber[]>;
  deletePhoneNumber(id: string): Promise<void>;
  listCalls(input?: ListVoiceCallsInput): Promise<VoiceCall[]>;
  getCall(id: string): Promise<VoiceCall>;
}
