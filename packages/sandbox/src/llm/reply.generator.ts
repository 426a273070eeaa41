// Deterministic "model": the reply is a pure function of the system prompt, the conversation and the
// tools, so tests can compute and assert it. Rules (also in README.md):
//   1. `[[reply:TEXT]]` in the last user message or the system prompt → exactly TEXT.
//   2. Last user turn carries tool results → "Here is what I found: <results>" (localised).
//   3. Tools offered and one is chosen (tool_choice tool/any, `[[tool:name]]`, or its name's words
//      appear in the user message) → a single tool_use block with inputs derived from its schema.
//   4. Otherwise → <tone greeting> <reply-to phrase> “<last user text>” [ref:<8 hex of sha256(system \n user)>].
// Language comes from the system prompt ("reply in French", "en français", "בעברית"...) or, failing
// that, from the script of the user's message. Tone comes from words like formal / friendly / concise.
import { createHash } from 'node:crypto';

export type ReplyLanguage = 'en' | 'fr' | 'he';
export type ReplyTone = 'neutral' | 'formal' | 'friendly' | 'concise';

export interface ToolSpec {
  name: string;
  description?: string;
  input_schema?: {
    type?: string;
    properties?: Record<string, { type?: string; enum?: unknown[] }>;
    required?: string[];
  };
}

export type ToolChoice = { type: 'auto' | 'any' | 'none' } | { type: 'tool'; name: string };

export interface ReplyInput {
  system: string;
  /** Text of the last user turn (text blocks joined). */
  lastUserText: string;
  /** Tool results carried by the last user turn, in order. */
  toolResults: string[];
  tools: ToolSpec[];
  toolChoice?: ToolChoice;
}

export type ReplyOutput =
  | { kind: 'text'; text: string; language: ReplyLanguage; tone: ReplyTone }
  | { kind: 'tool_use'; tool: ToolSpec; input: Record<string, unknown>; id: string };

const GREETINGS: Record<ReplyLanguage, Record<ReplyTone, string>> = {
  en: { neutral: 'Hello!', formal: 'Good day.', friendly: 'Hi there! 😊', concise: '' },
  fr: { neutral: 'Bonjour !', formal: 'Madame, Monsieur,', friendly: 'Coucou ! 😊', concise: '' },
  he: { neutral: 'שלום!', formal: 'שלום רב,', friendly: 'היי! 😊', concise: '' },
};

const REPLY_TO: Record<ReplyLanguage, (quoted: string) => string> = {
  en: (q) => `Here is my reply to “${q}”`,
  fr: (q) => `Voici ma réponse à « ${q} »`,
  he: (q) => `זו התשובה שלי ל"${q}"`,
};

const FOUND: Record<ReplyLanguage, string> = {
  en: 'Here is what I found:',
  fr: "Voici ce que j'ai trouvé :",
  he: 'הנה מה שמצאתי:',
};

export function languageOf(system: string, userText: string): ReplyLanguage {
  if (
    /(reply|respond|answer|write|speak)[^.]{0,40}\bfrench\b|en français|in french|répon\w* en français/i.test(
      system,
    )
  )
    return 'fr';
  if (/(reply|respond|answer|write|speak)[^.]{0,40}\bhebrew\b|in hebrew|בעברית/i.test(system)) return 'he';
  if (/(reply|respond|answer|write|speak)[^.]{0,40}\benglish\b|in english|en anglais/i.test(system))
    return 'en';
  if (/[\u05D0-\u05EA]/.test(userText)) return 'he';
  if (
    /(^|[\s,.!?])(je|j'|bonjour|merci|vous|voudrais|est-ce|pourquoi|rendez-vous|s'il)([\s,.!?']|$)/i.test(
      userText,
    )
  )
    return 'fr';
  return 'en';
}

export function toneOf(system: string): ReplyTone {
  if (/\b(concise|brief|short|terse)\b|concis|bref|בקצרה|קצר/i.test(system)) return 'concise';
  if (/\b(formal|professional|polite)\b|formel|vouvoie|רשמי/i.test(system)) return 'formal';
  if (/\b(friendly|casual|warm|playful)\b|amical|chaleureu|ידידותי/i.test(system)) return 'friendly';
  return 'neutral';
}

export function digest(system: string, userText: string): string {
  return createHash('sha256').update(`${system}\n${userText}`).digest('hex').slice(0, 8);
}

/** A crude but stable tokenizer: words, numbers and single punctuation marks each count as one token. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_']+|[^\s\p{L}\p{N}_']/gu) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Keeps the first `max` tokens of `text`, preserving the original spacing. */
export function truncateToTokens(text: string, max: number): { text: string; truncated: boolean } {
  const re = /[\p{L}\p{N}_']+|[^\s\p{L}\p{N}_']/gu;
  let count = 0;
  let end = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (count === max) return { text: text.slice(0, end), truncated: true };
    count += 1;
    end = m.index + m[0].length;
  }
  return { text, truncated: false };
}

function directive(name: 'reply' | 'tool', ...sources: string[]): string | undefined {
  const re = new RegExp(`\\[\\[${name}:([\\s\\S]*?)\\]\\]`);
  for (const source of sources) {
    const match = re.exec(source);
    if (match?.[1] !== undefined) return match[1].trim();
  }
  return undefined;
}

function pickTool(input: ReplyInput): ToolSpec | undefined {
  if (input.tools.length === 0 || input.toolChoice?.type === 'none') return undefined;
  const choice = input.toolChoice;
  if (choice?.type === 'tool') return input.tools.find((t) => t.name === choice.name);
  const named = directive('tool', input.lastUserText, input.system)?.split(/\s/)[0];
  if (named !== undefined) return input.tools.find((t) => t.name === named);
  const text = input.lastUserText.toLowerCase();
  const mentioned = input.tools.find((t) =>
    t.name
      .toLowerCase()
      .split(/[_\-\s]+/)
      .filter((w) => w.length > 3 && !['check', 'tool', 'with', 'from'].includes(w))
      .some((w) => text.includes(w)),
  );
  return mentioned ?? (choice?.type === 'any' ? input.tools[0] : undefined);
}

function toolInput(tool: ToolSpec, userText: string): Record<string, unknown> {
  const properties = tool.input_schema?.properties ?? {};
  const required = tool.input_schema?.required ?? Object.keys(properties);
  const quoted = /["“«]([^"”»]+)["”»]/.exec(userText)?.[1]?.trim();
  const input: Record<string, unknown> = {};
  for (const key of required) {
    const schema = properties[key] ?? {};
    if (Array.isArray(schema.enum) && schema.enum.length > 0) input[key] = schema.enum[0];
    else if (schema.type === 'number' || schema.type === 'integer') {
      input[key] = Number(/\d+(?:\.\d+)?/.exec(userText)?.[0] ?? 1);
    } else if (schema.type === 'boolean') input[key] = true;
    else if (schema.type === 'array') input[key] = [];
    else if (schema.type === 'object') input[key] = {};
    else input[key] = quoted ?? userText;
  }
  return input;
}

export function generateReply(input: ReplyInput): ReplyOutput {
  const language = languageOf(input.system, input.lastUserText);
  const tone = toneOf(input.system);
  const forced = directive('reply', input.lastUserText, input.system);
  if (forced !== undefined) return { kind: 'text', text: forced, language, tone };
  if (input.toolResults.length > 0) {
    return { kind: 'text', text: `${FOUND[language]} ${input.toolResults.join(' ')}`, language, tone };
  }
  const tool = pickTool(input);
  if (tool !== undefined) {
    const id = `toolu_01${digest(input.system, `${tool.name}:${input.lastUserText}`)}${digest(tool.name, input.lastUserText)}`;
    return { kind: 'tool_use', tool, input: toolInput(tool, input.lastUserText), id };
  }
  const greeting = GREETINGS[language][tone];
  const quoted = input.lastUserText.trim().replace(/\s+/g, ' ');
  const body = `${REPLY_TO[language](quoted)} [ref:${digest(input.system, input.lastUserText)}]`;
  return { kind: 'text', text: greeting === '' ? body : `${greeting} ${body}`, language, tone };
}
