import {
  bookAppointmentArgsSchema,
  cancelAppointmentArgsSchema,
  checkAvailabilityArgsSchema,
  rescheduleAppointmentArgsSchema,
} from '@ava/contracts';
import { z } from 'zod';
import type { Logger } from '../../lib/logger.ts';
import type {
  AppointmentsService,
  BookingOutcome,
  ChangeOutcome,
  Slot,
  ToolContext,
} from './appointments.service.ts';

export type { ToolContext } from './appointments.service.ts';

/**
 * The assistant's appointment tools. Each handler takes the org, the model's arguments (an object or a
 * JSON string: Vapi sends both) and the call's context, and answers a small JSON object the model can
 * read out. Bad arguments and refusals are answers in plain words, never exceptions: the caller is
 * still on the line and the model needs something to say.
 */
export type ToolResult = Record<string, unknown>;
export type ToolHandler = (orgId: string, args: unknown, ctx: ToolContext) => Promise<ToolResult>;

export const appointmentToolNames = [
  'check_availability',
  'book_appointment',
  'cancel_appointment',
  'reschedule_appointment',
] as const;
export type AppointmentToolName = (typeof appointmentToolNames)[number];

/** The tools that only read: their answers need no transaction shared with the stored event. */
export const readOnlyToolNames: ReadonlySet<string> = new Set<AppointmentToolName>(['check_availability']);

export function isAppointmentTool(name: string): name is AppointmentToolName {
  return (appointmentToolNames as readonly string[]).includes(name);
}

/** Parses the model's arguments, or says in words what is wrong with them. */
function parseArgs<S extends z.ZodType>(
  schema: S,
  args: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; result: ToolResult } {
  let value = args ?? {};
  if (typeof value === 'string') {
    try {
      value = value.trim() === '' ? {} : JSON.parse(value);
    } catch {
      return { ok: false, result: { error: 'The arguments are not valid JSON.' } };
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'} ${i.message}`);
  return { ok: false, result: { error: `Invalid arguments: ${problems.join('; ')}.` } };
}

// Written to be spoken as is, in the call's language: some voice models read a tool's message to the
// caller word for word.
type Lang = 'en' | 'fr' | 'he';
const SPOKEN = {
  en: {
    alternatives: 'Here are the closest free times.',
    none: 'There is no free time in the coming week; I can take a message.',
    past: 'Sorry, that time has already passed.',
    outside_hours: 'Sorry, that time is not available.',
    taken: 'Sorry, that time was just taken.',
    booked: (when: string) => `You are booked for ${when}. You will get a text message confirming it.`,
  },
  fr: {
    alternatives: 'Voici les créneaux libres les plus proches.',
    none: 'Il n’y a plus de créneau libre cette semaine ; je peux prendre un message.',
    past: 'Désolée, cet horaire est déjà passé.',
    outside_hours: 'Désolée, cet horaire n’est pas disponible.',
    taken: 'Désolée, ce créneau vient d’être pris.',
    booked: (when: string) =>
      `Votre rendez-vous est confirmé pour ${when}. Vous recevrez un SMS de confirmation.`,
  },
  he: {
    alternatives: 'אלה הזמנים הפנויים הקרובים ביותר.',
    none: 'אין זמן פנוי בשבוע הקרוב; אפשר להשאיר הודעה.',
    past: 'מצטערת, השעה הזאת כבר עברה.',
    outside_hours: 'מצטערת, השעה הזאת אינה פנויה.',
    taken: 'מצטערת, השעה הזאת נתפסה הרגע.',
    booked: (when: string) => `התור שלכם נקבע ל${when}. תקבלו הודעת SMS לאישור.`,
  },
} as const;
const spokenIn = (lang?: string) => SPOKEN[(lang === 'fr' || lang === 'he' ? lang : 'en') as Lang];

function unavailable(
  outcome: { detail: 'past' | 'outside_hours' | 'taken'; alternatives: Slot[] },
  flag: string,
  lang?: string,
): ToolResult {
  const t = spokenIn(lang);
  return {
    [flag]: false,
    reason: 'not_available',
    detail: outcome.detail,
    alternatives: outcome.alternatives,
    message: `${t[outcome.detail]} ${outcome.alternatives.length > 0 ? t.alternatives : t.none}`,
  };
}

const spoken = (
  a: { id: string; start: string; end: string; serviceName: string | null },
  label: string,
) => ({
  id: a.id,
  start: a.start,
  end: a.end,
  label,
  ...(a.serviceName ? { service: a.serviceName } : {}),
});

function changeResult(outcome: ChangeOutcome, flag: 'cancelled' | 'rescheduled'): ToolResult {
  switch (outcome.kind) {
    case 'done':
      return {
        [flag]: true,
        appointment: spoken(outcome.appointment, outcome.label),
        message:
          flag === 'cancelled'
            ? `The appointment of ${outcome.label} is cancelled.`
            : `The appointment is moved to ${outcome.label}.`,
      };
    case 'not_found':
      return {
        [flag]: false,
        reason: 'not_found',
        message: 'No appointment was found at that time for this phone number.',
      };
    case 'need_phone':
      return {
        [flag]: false,
        reason: 'need_phone',
        message: 'Ask for the phone number the appointment was booked with.',
      };
    case 'cancelled':
      return {
        [flag]: false,
        reason: 'cancelled',
        message: 'That appointment was cancelled; book a new one instead.',
      };
    case 'unavailable':
      return unavailable(outcome, flag);
    case 'bad_input':
      return { error: outcome.message };
  }
}

function bookingResult(outcome: BookingOutcome, lang?: string): ToolResult {
  switch (outcome.kind) {
    case 'booked':
      return {
        booked: true,
        appointment: spoken(outcome.appointment, outcome.label),
        message: spokenIn(lang).booked(outcome.label),
      };
    case 'unavailable':
      return unavailable(outcome, 'booked', lang);
    case 'disabled':
      return {
        booked: false,
        reason: 'booking_disabled',
        message: 'Appointments cannot be booked by phone; offer to take a message.',
      };
    case 'unknown_service':
      return unknownService(outcome);
    case 'bad_input':
      return { error: outcome.message };
  }
}

function unknownService(o: { requested: string; offered: string[] }): ToolResult {
  return {
    error:
      o.offered.length > 0
        ? `There is no service called "${o.requested}". Services offered: ${o.offered.join(', ')}.`
        : `There is no service called "${o.requested}"; book without naming a service.`,
  };
}

export type AppointmentTools = ReturnType<typeof appointmentTools>;

export function appointmentTools(deps: { service: AppointmentsService; log: Logger }) {
  const { service, log } = deps;

  const handlers: Record<AppointmentToolName, ToolHandler> = {
    async check_availability(orgId, args, ctx) {
      const parsed = parseArgs(checkAvailabilityArgsSchema, args);
      if (!parsed.ok) return parsed.result;
      const outcome = await service.availability(
        orgId,
        { ...parsed.value, ...(ctx.language ? { language: ctx.language } : {}) },
        ctx,
      );
      switch (outcome.kind) {
        case 'slots':
          return {
            slots: outcome.slots,
            ...(outcome.service
              ? { service: { name: outcome.service.name, durationMinutes: outcome.service.durationMinutes } }
              : {}),
            ...(outcome.slots.length === 0
              ? {
                  message: parsed.value.date
                    ? 'No free slot that day. Ask the caller for another day.'
                    : 'No free slot in the coming week. Offer to take a message.',
                }
              : {}),
          };
        case 'disabled':
          return {
            slots: [],
            message: 'Appointments cannot be booked by phone; offer to take a message.',
          };
        case 'unknown_service':
          return unknownService(outcome);
        case 'bad_input':
          return { error: outcome.message };
      }
    },

    async book_appointment(orgId, args, ctx) {
      const parsed = parseArgs(bookAppointmentArgsSchema, args);
      if (!parsed.ok) return parsed.result;
      return bookingResult(await service.bookFromCall(orgId, parsed.value, ctx), ctx.language);
    },

    async cancel_appointment(orgId, args, ctx) {
      const parsed = parseArgs(cancelAppointmentArgsSchema, args);
      if (!parsed.ok) return parsed.result;
      if (!parsed.value.appointmentId && !parsed.value.start)
        return { error: 'Give the appointmentId, or the start of the appointment to cancel.' };
      return changeResult(await service.cancelFromCall(orgId, parsed.value, ctx), 'cancelled');
    },

    async reschedule_appointment(orgId, args, ctx) {
      const parsed = parseArgs(rescheduleAppointmentArgsSchema, args);
      if (!parsed.ok) return parsed.result;
      const { newStart, ...target } = parsed.value;
      if (!target.appointmentId && !target.start)
        return { error: 'Give the appointmentId, or the current start of the appointment to move.' };
      return changeResult(await service.rescheduleFromCall(orgId, target, newStart, ctx), 'rescheduled');
    },
  };

  return {
    ...handlers,
    /** Reads what the tools need outside the call's transaction; its result goes into their context. */
    prepare: (orgId: string) => service.prepareCall(orgId),
    /**
     * The dispatcher's one entry point: runs a tool by name. An unknown tool or an unexpected failure
     * (database down) still answers something the model can say; the failure is logged.
     */
    async run(name: string, orgId: string, args: unknown, ctx: ToolContext): Promise<ToolResult> {
      if (!isAppointmentTool(name)) return { error: `Unknown tool "${name}".` };
      try {
        return await handlers[name](orgId, args, ctx);
      } catch (err) {
        log.error({ err, orgId, tool: name, toolCallId: ctx.toolCallId }, 'appointment tool failed');
        return {
          error: 'The booking system is not available right now. Apologise and offer to take a message.',
        };
      }
    },
  };
}

/** A function's parameters as the model expects them: plain JSON Schema, without the draft marker. */
function parameters(schema: z.ZodType) {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return vapiJsonSchema(rest) as Record<string, unknown>;
}

/** Vapi's JsonSchema accepts only these keywords (it rejects the rest, e.g. minLength); the handlers still check them all. */
const VAPI_KEYWORDS = new Set([
  'type',
  'items',
  'properties',
  'description',
  'pattern',
  'format',
  'required',
  'enum',
  'title',
]);
function vapiJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(vapiJsonSchema);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([key]) => VAPI_KEYWORDS.has(key))
      .map(([key, value]) =>
        key === 'properties'
          ? [
              key,
              Object.fromEntries(
                Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, vapiJsonSchema(v)]),
              ),
            ]
          : [key, key === 'items' ? vapiJsonSchema(value) : value],
      ),
  );
}

/**
 * The four tools as Vapi function definitions, for the assistant's configuration (the model sees these
 * descriptions; the parameters mirror the zod schemas the handlers check).
 */
export const appointmentToolDefinitions = [
  {
    type: 'function' as const,
    function: {
      name: 'check_availability',
      description:
        'Free appointment slots. Without arguments: the next free slots in the coming week. Only ever offer slots returned here.',
      parameters: parameters(checkAvailabilityArgsSchema),
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'book_appointment',
      description:
        "Books a slot returned by check_availability (use its exact start). The caller's number is used when no phone is given.",
      parameters: parameters(bookAppointmentArgsSchema),
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'cancel_appointment',
      description:
        "Cancels the caller's appointment: by appointmentId, or by its start and the phone number it was booked with.",
      parameters: parameters(cancelAppointmentArgsSchema),
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'reschedule_appointment',
      description:
        "Moves the caller's appointment (by appointmentId, or its current start) to newStart, a slot returned by check_availability.",
      parameters: parameters(rescheduleAppointmentArgsSchema),
    },
  },
];
