// The emulated assistant's "brain": a deterministic state machine that stands in for the LLM a real
// Vapi call would use. It is only as smart as the receptionist product needs to be tested: greet,
// recognise a booking request with a date/time (fr/en/he), call the assistant's availability and
// booking tools, and answer from their results. Same input, same output — tests assert exact turns.
import type { CallLanguage, RequestedSlot } from './datetime.parser.ts';
import { parseRequestedSlot } from './datetime.parser.ts';

export interface FunctionToolConfig {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: { type?: string; properties?: Record<string, { type?: string }>; required?: string[] };
  };
  async?: boolean;
  server?: { url?: string; headers?: Record<string, string>; timeoutSeconds?: number };
  messages?: Array<{ type?: string; content?: string }>;
}

export interface ConversationConfig {
  firstMessage?: string;
  firstMessageMode?: string;
  endCallMessage?: string;
  systemPrompt: string;
  transcriberLanguage?: string;
  tools: FunctionToolConfig[];
  callerNumber: string;
  /** The call's start: relative dates ("tomorrow") resolve against it, in UTC. */
  reference: Date;
  variableValues?: Record<string, unknown>;
}

export type ToolPurpose = 'availability' | 'booking';

export type AssistantAction =
  | { kind: 'say'; text: string }
  | { kind: 'tool'; tool: FunctionToolConfig; purpose: ToolPurpose; arguments: Record<string, unknown> }
  | { kind: 'end'; text: string };

export interface ToolOutcome {
  result?: string;
  error?: string;
}

export interface ConversationFacts {
  language: CallLanguage;
  bookingIntent: boolean;
  requestedSlot?: RequestedSlot;
  booked?: { slot: RequestedSlot; result: string };
  customerName?: string;
  toolCallCount: number;
  unavailableSlots: RequestedSlot[];
}

const PHRASES = {
  en: {
    greeting: 'Hello, how can I help you today?',
    askSlot: 'Of course. What day and time would suit you?',
    askTime: (when: string) => `What time on ${when} would suit you?`,
    available: (when: string) => `${when} is available. Shall I book it for you?`,
    unavailable: (when: string) => `Sorry, ${when} is not available. Would another time work for you?`,
    alternatives: (when: string, alts: string) => `Sorry, ${when} is not available. I can offer ${alts}.`,
    booked: (when: string) => `Your appointment is confirmed for ${when}.`,
    toolFailed: "Sorry, I couldn't complete that right now. The team will call you back.",
    noted: (when: string) => `I've noted your request for ${when}. The team will confirm it shortly.`,
    declined: 'No problem. Which other day and time would suit you?',
    fallback: 'I can help you book an appointment. What would you like to do?',
    goodbye: 'Thank you for calling. Goodbye!',
    at: 'at',
  },
  fr: {
    greeting: 'Bonjour, comment puis-je vous aider ?',
    askSlot: 'Bien sûr. Quel jour et à quelle heure vous conviendrait ?',
    askTime: (when: string) => `À quelle heure le ${when} vous conviendrait ?`,
    available: (when: string) => `Le créneau du ${when} est disponible. Voulez-vous que je le réserve ?`,
    unavailable: (when: string) =>
      `Désolé, le créneau du ${when} n'est pas disponible. Un autre horaire vous irait ?`,
    alternatives: (when: string, alts: string) =>
      `Désolé, le créneau du ${when} n'est pas disponible. Je peux vous proposer ${alts}.`,
    booked: (when: string) => `Votre rendez-vous est confirmé pour le ${when}.`,
    toolFailed: "Désolé, je n'ai pas pu finaliser cela pour le moment. L'équipe vous rappellera.",
    noted: (when: string) =>
      `J'ai noté votre demande pour le ${when}. L'équipe vous la confirmera rapidement.`,
    declined: 'Pas de problème. Quel autre jour et quelle autre heure vous conviendraient ?',
    fallback: 'Je peux vous aider à prendre rendez-vous. Que souhaitez-vous faire ?',
    goodbye: 'Merci de votre appel. Au revoir !',
    at: 'à',
  },
  he: {
    greeting: 'שלום, איך אפשר לעזור?',
    askSlot: 'בשמחה. איזה יום ושעה מתאימים לך?',
    askTime: (when: string) => `באיזו שעה ב${when} מתאים לך?`,
    available: (when: string) => `${when} פנוי. לקבוע לך את התור?`,
    unavailable: (when: string) => `מצטערת, ${when} לא פנוי. האם מועד אחר מתאים?`,
    alternatives: (when: string, alts: string) => `מצטערת, ${when} לא פנוי. אפשר להציע ${alts}.`,
    booked: (when: string) => `התור שלך נקבע ל${when}.`,
    toolFailed: 'מצטערת, לא הצלחתי להשלים את זה כרגע. הצוות יחזור אליך.',
    noted: (when: string) => `רשמתי את הבקשה שלך ל${when}. הצוות יאשר בקרוב.`,
    declined: 'אין בעיה. איזה יום ושעה אחרים מתאימים לך?',
    fallback: 'אני יכולה לעזור לך לקבוע תור. במה אפשר לעזור?',
    goodbye: 'תודה שהתקשרת. להתראות!',
    at: 'בשעה',
  },
} as const;

const LOCALES: Record<CallLanguage, string> = { en: 'en-US', fr: 'fr-FR', he: 'he-IL' };

const INTENTS = {
  goodbye: /\b(bye|goodbye|that's all|that is all)\b|au revoir|bonne journée|c'est tout|להתראות|ביי|זה הכל/i,
  booking:
    /\b(book|booking|appointment|schedule|reserve|reservation|available|availability)\b|rendez-vous|\brdv\b|réserv|disponib|créneau|תור|לקבוע|פגישה|להזמין|פנוי/i,
  yes: /^\s*(yes|yeah|yep|sure|ok|okay|please|perfect|great|go ahead|oui|d'accord|parfait|volontiers|allez-y|כן|בסדר|מעולה|סגור|אוקיי|בטח)\b|\b(yes|please do|book it|oui)\b|(^|\s)כן($|\s|,|\.)/i,
  no: /^\s*(no|nope|non)\b|(^|\s)לא($|\s|,|\.)/i,
};

const FRENCH_MARKERS =
  /(^|[\s,.!?])(je|j'|bonjour|voudrais|rendez-vous|demain|merci|oui|non|vous|pour|aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi|samedi)([\s,.!?']|$)/i;

export function detectLanguage(text: string, fallback: CallLanguage): CallLanguage {
  if (/[\u05D0-\u05EA]/.test(text)) return 'he';
  if (FRENCH_MARKERS.test(text)) return 'fr';
  if (/\b(hello|hi|i'd|i would|can i|please|tomorrow|appointment|book)\b/i.test(text)) return 'en';
  return fallback;
}

/** The call's base language: transcriber setting first, then what the system prompt asks for. */
export function baseLanguage(transcriberLanguage: string | undefined, systemPrompt: string): CallLanguage {
  const code = transcriberLanguage?.toLowerCase().slice(0, 2);
  if (code === 'fr' || code === 'he' || code === 'en') return code;
  if (code === 'iw') return 'he';
  if (/french|français|francais|en français/i.test(systemPrompt)) return 'fr';
  if (/hebrew|עברית/i.test(systemPrompt)) return 'he';
  return 'en';
}

function toolPurpose(tool: FunctionToolConfig): ToolPurpose | undefined {
  const name = tool.function.name.toLowerCase();
  if (/avail|slot|check|disponib|free|lookup/.test(name)) return 'availability';
  if (/book|reserv|appointment|schedule|create|rdv|rendez/.test(name)) return 'booking';
  return undefined;
}

function extractName(text: string): string | undefined {
  const match =
    /\b(?:my name is|this is|i am|i'm)\s+([A-Za-zÀ-ÿ'-]+(?:\s+[A-Z][A-Za-zÀ-ÿ'-]+)?)/i.exec(text) ??
    /(?:je m'appelle|je suis|mon nom est|c'est)\s+([A-Za-zÀ-ÿ'-]+(?:\s+[A-Z][A-Za-zÀ-ÿ'-]+)?)/i.exec(text) ??
    /(?:קוראים לי|שמי|השם שלי)\s+([\u05D0-\u05EA'"-]+(?:\s+[\u05D0-\u05EA'"-]+)?)/.exec(text);
  const name = match?.[1]?.trim();
  // "I'm looking for…" is not a name; only accept words that look like one.
  if (name === undefined || /^(looking|calling|trying|interested|available|free|not)$/i.test(name))
    return undefined;
  return name;
}

export function formatSlot(slot: RequestedSlot, language: CallLanguage): string {
  const date = new Date(`${slot.date}T12:00:00Z`);
  const day = new Intl.DateTimeFormat(LOCALES[language], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(date);
  return slot.time === undefined ? day : `${day} ${PHRASES[language].at} ${slot.time}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const NEGATIVE_RESULT =
  /\b(unavailable|not available|no availability|taken|already booked|fully booked|false|closed)\b|indisponible|pas disponible|complet|fermé|לא פנוי|תפוס|סגור/i;

interface InterpretedResult {
  positive: boolean;
  message?: string;
  alternatives: string[];
}

/** Reads a tool result the way an LLM would: JSON fields when present, otherwise the sentence itself. */
function interpretResult(result: string): InterpretedResult {
  const json = parseJson(result);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    const flag = record['available'] ?? record['success'] ?? record['ok'] ?? record['booked'];
    const alternatives = [record['alternatives'], record['slots'], record['availableSlots']]
      .find(Array.isArray)
      ?.filter((v): v is string => typeof v === 'string')
      .slice(0, 3);
    const message = typeof record['message'] === 'string' ? record['message'] : undefined;
    return {
      positive: typeof flag === 'boolean' ? flag : record['error'] === undefined,
      ...(message === undefined ? {} : { message }),
      alternatives: alternatives ?? [],
    };
  }
  if (json === false) return { positive: false, alternatives: [] };
  if (json === true) return { positive: true, alternatives: [] };
  const message = result.trim();
  return {
    positive: !NEGATIVE_RESULT.test(result),
    alternatives: [],
    ...(message === '' ? {} : { message }),
  };
}

export class ConversationEngine {
  readonly facts: ConversationFacts;
  private pendingDate?: string;
  private awaitingConfirmation?: RequestedSlot;
  private readonly availabilityTool?: FunctionToolConfig;
  private readonly bookingTool?: FunctionToolConfig;
  private readonly base: CallLanguage;

  constructor(private readonly config: ConversationConfig) {
    this.base = baseLanguage(config.transcriberLanguage, config.systemPrompt);
    this.facts = { language: this.base, bookingIntent: false, toolCallCount: 0, unavailableSlots: [] };
    this.availabilityTool = config.tools.find((t) => toolPurpose(t) === 'availability');
    this.bookingTool = config.tools.find((t) => toolPurpose(t) === 'booking');
  }

  /** What the assistant says when it picks up, or undefined when it waits for the caller. */
  greeting(): string | undefined {
    const mode = this.config.firstMessageMode ?? 'assistant-speaks-first';
    if (mode === 'assistant-waits-for-user') return undefined;
    if (
      mode === 'assistant-speaks-first-with-model-generated-message' ||
      this.config.firstMessage === undefined
    ) {
      return this.config.firstMessage === undefined && mode === 'assistant-speaks-first'
        ? undefined
        : PHRASES[this.base].greeting;
    }
    return this.substitute(this.config.firstMessage);
  }

  private substitute(text: string): string {
    const values = this.config.variableValues ?? {};
    return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
      const value = values[key];
      return value === undefined ? whole : String(value);
    });
  }

  onUserUtterance(text: string): AssistantAction {
    const language = detectLanguage(text, this.facts.language);
    this.facts.language = language;
    const phrases = PHRASES[language];
    const name = extractName(text);
    if (name !== undefined) this.facts.customerName = name;

    if (INTENTS.goodbye.test(text)) {
      return { kind: 'end', text: this.config.endCallMessage ?? phrases.goodbye };
    }
    const parsed = parseRequestedSlot(text, language, this.config.reference);
    const pendingConfirmation = this.awaitingConfirmation;
    if (pendingConfirmation !== undefined && parsed === undefined) {
      if (INTENTS.yes.test(text)) {
        this.awaitingConfirmation = undefined;
        return this.bookingTool === undefined
          ? { kind: 'say', text: phrases.noted(formatSlot(pendingConfirmation, language)) }
          : this.toolAction(this.bookingTool, 'booking', pendingConfirmation);
      }
      if (INTENTS.no.test(text)) {
        this.awaitingConfirmation = undefined;
        return { kind: 'say', text: phrases.declined };
      }
    }
    if (INTENTS.booking.test(text)) this.facts.bookingIntent = true;
    if (parsed !== undefined && (this.facts.bookingIntent || pendingConfirmation !== undefined)) {
      this.awaitingConfirmation = undefined;
      // "At 10" after "Tuesday": keep the day the caller already gave.
      const slot: RequestedSlot =
        parsed.dateCertain === false && this.pendingDate !== undefined
          ? { date: this.pendingDate, ...(parsed.time === undefined ? {} : { time: parsed.time }) }
          : { date: parsed.date, ...(parsed.time === undefined ? {} : { time: parsed.time }) };
      this.facts.bookingIntent = true;
      this.facts.requestedSlot = slot;
      if (slot.time === undefined) {
        this.pendingDate = slot.date;
        return { kind: 'say', text: phrases.askTime(formatSlot(slot, language)) };
      }
      this.pendingDate = undefined;
      if (this.availabilityTool !== undefined)
        return this.toolAction(this.availabilityTool, 'availability', slot);
      if (this.bookingTool !== undefined) return this.toolAction(this.bookingTool, 'booking', slot);
      return { kind: 'say', text: phrases.noted(formatSlot(slot, language)) };
    }
    if (this.facts.bookingIntent) return { kind: 'say', text: phrases.askSlot };
    return { kind: 'say', text: phrases.fallback };
  }

  onToolResult(purpose: ToolPurpose, slot: RequestedSlot, outcome: ToolOutcome): AssistantAction {
    const language = this.facts.language;
    const phrases = PHRASES[language];
    const when = formatSlot(slot, language);
    if (outcome.error !== undefined || outcome.result === undefined)
      return { kind: 'say', text: phrases.toolFailed };
    const interpreted = interpretResult(outcome.result);
    if (purpose === 'availability') {
      if (!interpreted.positive) {
        this.facts.unavailableSlots.push(slot);
        if (interpreted.alternatives.length > 0) {
          return { kind: 'say', text: phrases.alternatives(when, interpreted.alternatives.join(', ')) };
        }
        return { kind: 'say', text: interpreted.message ?? phrases.unavailable(when) };
      }
      if (this.bookingTool === undefined)
        return { kind: 'say', text: interpreted.message ?? phrases.noted(when) };
      this.awaitingConfirmation = slot;
      return { kind: 'say', text: phrases.available(when) };
    }
    if (!interpreted.positive) return { kind: 'say', text: interpreted.message ?? phrases.toolFailed };
    this.facts.booked = { slot, result: outcome.result };
    // A plain-text tool result is meant to be spoken (that's how Vapi tools are usually written).
    return { kind: 'say', text: interpreted.message ?? phrases.booked(when) };
  }

  /** Slot for an in-flight tool action, so the caller of the engine can pass it back with the result. */
  private toolAction(tool: FunctionToolConfig, purpose: ToolPurpose, slot: RequestedSlot): AssistantAction {
    this.facts.toolCallCount += 1;
    return { kind: 'tool', tool, purpose, arguments: this.toolArguments(tool, slot) };
  }

  private toolArguments(tool: FunctionToolConfig, slot: RequestedSlot): Record<string, unknown> {
    const properties = tool.function.parameters?.properties ?? {};
    const time = slot.time ?? '09:00';
    const args: Record<string, unknown> = {};
    const keys = Object.keys(properties);
    if (keys.length === 0) return { date: slot.date, time };
    for (const key of keys) {
      const k = key.toLowerCase();
      const numeric = properties[key]?.type === 'number' || properties[key]?.type === 'integer';
      if (/datetime|date_time|start|when|slot|iso/.test(k)) args[key] = `${slot.date}T${time}:00`;
      else if (/date|day|jour/.test(k)) args[key] = slot.date;
      else if (/time|hour|heure/.test(k)) args[key] = time;
      else if (/name|nom/.test(k)) {
        if (this.facts.customerName !== undefined) args[key] = this.facts.customerName;
      } else if (/phone|number|tel|caller/.test(k)) args[key] = this.config.callerNumber;
      else if (/lang/.test(k)) args[key] = this.facts.language;
      else if (/duration|minutes/.test(k)) args[key] = numeric ? 30 : '30';
    }
    return args;
  }
}
