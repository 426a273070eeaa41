import { toE164, type Appointment, type BookingSettings, type Role, type Service } from '@ava/contracts';
import { randomBytes } from 'node:crypto';
import type { OrgTx } from '../../db/tenant.ts';
import { AppError } from '../../http/errors.ts';
import type { OrgContext } from '../../http/session.ts';
import type { Logger } from '../../lib/logger.ts';
import { ttlCache } from '../../lib/ttl-cache.ts';
import type { OrgsRepository } from '../orgs/orgs.repository.ts';
import {
  addDays,
  freeSlots,
  isFree,
  isOnGrid,
  isValidZone,
  localDate,
  longLabel,
  parseInstant,
  slotLabel,
  type Interval,
} from './availability.ts';
import type {
  AppointmentRow,
  AppointmentsRepository,
  AppointmentWithService,
  LockedBooking,
  NewAppointment,
  NewBookingSettings,
  ServiceRow,
} from './appointments.repository.ts';
import { buildCalendar } from './ics.ts';

const MANAGERS: Role[] = ['owner', 'admin'];
const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far ahead a search looks when no day is named, and where alternatives are looked for. */
const SEARCH_DAYS = 7;
/** Enough choices for a caller to pick from, few enough to read out. */
const MAX_SLOTS = 8;
const MAX_ALTERNATIVES = 3;
// UTC offsets span -12 h to +14 h: a local day lies within these margins around the same UTC day.
const ZONE_MARGIN = 15 * 60 * MINUTE;
const ZONE_TTL = 60_000;
/** Services change rarely and are invalidated here on every change this process makes. */
const SERVICES_TTL = 30_000;

/** Monday to Friday, 09:00–18:00: what most small businesses would set first. */
const DEFAULT_HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' }));

/** What the tool handlers know about the call that asked. */
export type ToolContext = {
  /** Vapi's tool-call id: a retried call with the same id books nothing twice */
  toolCallId: string;
  /** AVA's id of the call, stored on the appointment */
  callId?: string;
  /** the caller's number (E.164): the customer's phone when they give none */
  callerNumber?: string;
  /** the number the caller dialled: the confirmation SMS is sent from it */
  calledNumber?: string;
  /** the assistant's language for spoken labels ('en', 'fr', 'he'); English otherwise */
  language?: string;
} & CallScope;

/**
 * Where a tool runs: `tx` is the webhook's transaction (the raw event is stored in it after the tool's
 * reads and writes); inside it nothing else may touch the database, so the organisation's time zone
 * comes from prepareCall, read before it opened.
 */
export type CallScope = { tx?: OrgTx; timezone?: string };

/** An appointment with its time spelled out in the organisation's zone, for the confirmation text. */
export type AppointmentNotice = Appointment & { when: string; timezone: string };
export type AppointmentEvent = 'booked' | 'rescheduled' | 'cancelled';
/**
 * Sends the caller's confirmation (the lead wires it to the telephony port). Called after the
 * transaction committed and never awaited by the tool reply; its failure is logged, the booking stays.
 */
export type NotifyAppointment = (
  orgId: string,
  appointment: AppointmentNotice,
  calledNumber?: string,
  event?: AppointmentEvent,
) => Promise<void>;

export type Slot = { start: string; end: string; label: string };
export type RefusalDetail = 'past' | 'outside_hours' | 'taken';

export type AvailabilityOutcome =
  | { kind: 'slots'; slots: Slot[]; service: ServiceRow | null; timezone: string }
  | { kind: 'disabled' }
  | { kind: 'unknown_service'; requested: string; offered: string[] }
  | { kind: 'bad_input'; message: string };

export type BookingOutcome =
  | { kind: 'booked'; appointment: Appointment; label: string; replayed: boolean }
  | { kind: 'unavailable'; detail: RefusalDetail; alternatives: Slot[] }
  | { kind: 'disabled' }
  | { kind: 'unknown_service'; requested: string; offered: string[] }
  | { kind: 'bad_input'; message: string };

export type ChangeOutcome =
  | { kind: 'done'; appointment: Appointment; label: string; already: boolean }
  | { kind: 'not_found' }
  | { kind: 'need_phone' }
  | { kind: 'cancelled' }
  | { kind: 'unavailable'; detail: RefusalDetail; alternatives: Slot[] }
  | { kind: 'bad_input'; message: string };

/** Which appointment a caller means: its id (given back when it was booked), or its start and phone. */
export type AppointmentTarget = { appointmentId?: string; start?: string; phone?: string };

const isUniqueViolation = (err: unknown) =>
  String((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code) === '23505';

/** A phone as stored: E.164 when it parses, else the digits (and a leading +) as given. */
function normalizePhone(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  return toE164(v) ?? v.replace(/[^\d+]/g, '');
}

export type AppointmentsService = ReturnType<typeof appointmentsService>;

export function appointmentsService(deps: {
  repo: AppointmentsRepository;
  orgs: Pick<OrgsRepository, 'getOrg'>;
  /** where the ICS feed is served (the app's public URL) */
  publicUrl: string;
  log: Logger;
  notify?: NotifyAppointment;
  /** the clock (tests pin it) */
  now?: () => number;
}) {
  const { repo, orgs, publicUrl, log, notify } = deps;
  const now = deps.now ?? Date.now;

  const defaults = (): NewBookingSettings => ({
    businessHours: DEFAULT_HOURS,
    slotMinutes: 30,
    icsToken: newIcsToken(),
    bookingEnabled: true,
  });

  const requireManager = (ctx: OrgContext) => {
    if (!MANAGERS.includes(ctx.role)) throw new AppError('FORBIDDEN');
  };

  async function orgInfo(orgId: string) {
    const org = await orgs.getOrg(orgId);
    const tz = org?.timezone && isValidZone(org.timezone) ? org.timezone : 'UTC';
    const info = { tz, name: org?.name ?? 'AVA' };
    zoneCache.set(orgId, { ...info, until: now() + ZONE_TTL });
    return info;
  }

  /**
   * The tool path reads the org's zone from a short cache: a call makes several tool calls, and one
   * transaction fewer per call is most of the latency budget. A changed zone applies within a minute;
   * the owner's own screens always read it fresh.
   */
  const zoneCache = new Map<string, { tz: string; name: string; until: number }>();
  async function cachedOrgInfo(orgId: string) {
    const hit = zoneCache.get(orgId);
    if (hit && hit.until > now()) return hit;
    if (zoneCache.size > 10_000) zoneCache.clear();
    return orgInfo(orgId);
  }

  async function zoneFor(orgId: string, scope: CallScope) {
    if (scope.timezone) return scope.timezone;
    // Loading it inside the transaction would wait for that very transaction on PGlite.
    if (scope.tx) throw new Error('the time zone must be read (prepareCall) before the transaction opens');
    return (await cachedOrgInfo(orgId)).tz;
  }

  /** The services a caller may name, read at most every SERVICES_TTL on the tool path. */
  const servicesCache = ttlCache<ServiceRow[]>(SERVICES_TTL, 10_000, { independentLoads: true });
  const activeServices = (orgId: string, load: () => Promise<ServiceRow[]>) => servicesCache.get(orgId, load);

  function toDto(row: AppointmentRow, serviceName: string | null): Appointment {
    return {
      id: row.id,
      serviceId: row.serviceId,
      serviceName,
      contactId: row.contactId,
      callId: row.callId,
      start: row.startsAt.toISOString(),
      end: row.endsAt.toISOString(),
      status: row.status,
      source: row.source,
      customerName: row.customerName,
      customerPhone: row.customerPhone,
      notes: row.notes,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
  const withService = (row: AppointmentWithService) => toDto(row, row.serviceName);

  function serviceDto(row: ServiceRow): Service {
    return {
      id: row.id,
      name: row.name,
      durationMinutes: row.durationMinutes,
      active: row.active,
      createdAt: row.createdAt.toISOString(),
    };
  }

  function settingsDto(row: NewBookingSettings, tz: string): BookingSettings {
    return {
      businessHours: row.businessHours,
      slotMinutes: row.slotMinutes ?? 30,
      bookingEnabled: row.bookingEnabled ?? true,
      timezone: tz,
      icsUrl: `${publicUrl}/ics/${row.icsToken}.ics`,
    };
  }

  /** A service the caller named: exact name first (any case), then a unique partial match. */
  function matchService(all: ServiceRow[], name: string): ServiceRow | undefined {
    const wanted = name.trim().toLowerCase();
    const exact = all.find((s) => s.name.toLowerCase() === wanted);
    if (exact) return exact;
    const partial = all.filter(
      (s) => s.name.toLowerCase().includes(wanted) || wanted.includes(s.name.toLowerCase()),
    );
    return partial.length === 1 ? partial[0] : undefined;
  }

  const toSlot = (s: Interval, tz: string, language: string, today: string): Slot => ({
    start: new Date(s.start).toISOString(),
    end: new Date(s.end).toISOString(),
    label: slotLabel(s.start, tz, language, today),
  });

  const busyOf = (rows: { startsAt: Date; endsAt: Date }[]): Interval[] =>
    rows.map((r) => ({ start: r.startsAt.getTime(), end: r.endsAt.getTime() }));

  /** The next free slots from `from` (the alternatives offered when a slot is refused). */
  function alternativesFrom(
    settings: LockedBooking['settings'],
    tz: string,
    lengthMinutes: number,
    busy: Interval[],
    from: number,
    language: string,
  ): Slot[] {
    const first = localDate(from, tz);
    const today = localDate(now(), tz);
    return freeSlots({
      hours: settings.businessHours,
      tz,
      days: Array.from({ length: SEARCH_DAYS }, (_, i) => addDays(first, i)),
      stepMinutes: settings.slotMinutes,
      lengthMinutes,
      busy,
      notBefore: Math.max(from, now() + 1),
      limit: MAX_ALTERNATIVES,
    }).map((s) => toSlot(s, tz, language, today));
  }

  /**
   * The one rule for the assistant's slots: in the future, on the grid inside business hours, and
   * overlapping no booked appointment. Anything else was not offered, so it is refused.
   */
  function refusal(
    settings: LockedBooking['settings'],
    tz: string,
    slot: Interval,
    busy: Interval[],
  ): RefusalDetail | null {
    if (slot.start <= now()) return 'past';
    if (
      !isOnGrid(
        settings.businessHours,
        tz,
        settings.slotMinutes,
        (slot.end - slot.start) / MINUTE,
        slot.start,
      )
    )
      return 'outside_hours';
    if (!isFree(slot, busy)) return 'taken';
    return null;
  }

  function fireNotify(
    orgId: string,
    appointment: Appointment,
    tz: string,
    ctx: ToolContext,
    event: AppointmentEvent,
  ) {
    if (!notify) return;
    const notice: AppointmentNotice = {
      ...appointment,
      when: longLabel(Date.parse(appointment.start), tz, ctx.language ?? 'en'),
      timezone: tz,
    };
    // The caller is still on the line: the reply must not wait for the SMS provider. In the webhook's
    // transaction, the text waits for its commit: a rolled-back booking is never confirmed.
    repo.afterCommit(ctx.tx, () => {
      void Promise.resolve()
        .then(() => notify(orgId, notice, ctx.calledNumber, event))
        .catch((err: unknown) =>
          log.warn({ err, orgId, appointmentId: appointment.id, event }, 'appointment confirmation not sent'),
        );
    });
  }

  /** Retries once on a unique violation: the second attempt sees the winner's row under the lock. */
  async function locked<T>(
    orgId: string,
    tx: OrgTx | undefined,
    fn: (l: LockedBooking) => Promise<T>,
  ): Promise<T> {
    // In a caller's transaction a failed statement aborts all of it: the caller retries without one.
    if (tx) return repo.withBookingLock(orgId, defaults, fn, tx);
    try {
      return await repo.withBookingLock(orgId, defaults, fn);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return repo.withBookingLock(orgId, defaults, fn);
    }
  }

  /** Finds the appointment a caller means, under the lock. Phone must match when found by start. */
  async function findTarget(
    l: LockedBooking,
    target: AppointmentTarget,
    tz: string,
    callerNumber: string | undefined,
  ): Promise<AppointmentRow | 'not_found' | 'need_phone' | 'bad_input'> {
    if (target.appointmentId) return (await l.get(target.appointmentId)) ?? 'not_found';
    if (!target.start) return 'bad_input';
    const start = parseInstant(target.start, tz);
    if (start === null) return 'bad_input';
    // Without an id, the phone proves it is the caller's own appointment: nobody cancels a stranger's.
    const phone = normalizePhone(target.phone ?? callerNumber);
    if (!phone) return 'need_phone';
    const rows = await l.startingAt(new Date(start));
    return rows.find((r) => normalizePhone(r.customerPhone) === phone) ?? 'not_found';
  }

  const badStart = (field: string) => ({
    kind: 'bad_input' as const,
    message: `${field} is not a valid date and time; use a slot's start from check_availability.`,
  });

  return {
    toDto,

    /** What the tools read outside the call's transaction (cached): run before opening it. */
    async prepareCall(orgId: string): Promise<{ timezone: string }> {
      return { timezone: (await cachedOrgInfo(orgId)).tz };
    },

    // ---- the assistant's side (tool calls) ----------------------------------------------------

    /** Free slots for the assistant to offer: a named day, or the coming week from now or `from`. */
    async availability(
      orgId: string,
      q: { date?: string; from?: string; service?: string; language?: string },
      scope: CallScope = {},
    ): Promise<AvailabilityOutcome> {
      const t = now();
      const language = q.language ?? 'en';
      // The busy range is chosen without the zone, so the org and the snapshot load in parallel.
      let range: { from: Date; to: Date };
      let fromMs: number | null = null;
      if (q.date) {
        const day = Date.parse(`${q.date}T00:00:00Z`);
        if (!Number.isFinite(day) || !new Date(day).toISOString().startsWith(q.date))
          return { kind: 'bad_input', message: 'date is not a real calendar date.' };
        range = { from: new Date(day - ZONE_MARGIN), to: new Date(day + DAY + ZONE_MARGIN) };
      } else {
        // An offset-less `from` is a local time; its UTC instant is within the zone margin.
        const rough = q.from ? Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(q.from) ? q.from : `${q.from}Z`) : t;
        if (!Number.isFinite(rough))
          return { kind: 'bad_input', message: 'from is not a valid date and time.' };
        const start = Math.max(rough - ZONE_MARGIN, t);
        range = { from: new Date(start), to: new Date(start + (SEARCH_DAYS + 1) * DAY + ZONE_MARGIN) };
      }
      const [tz, snap, offered] = await Promise.all([
        zoneFor(orgId, scope),
        repo.snapshot(orgId, defaults, range, scope.tx),
        q.service ? activeServices(orgId, () => repo.activeServices(orgId, scope.tx)) : [],
      ]);
      if (!snap.settings.bookingEnabled) return { kind: 'disabled' };
      let service: ServiceRow | null = null;
      if (q.service) {
        service = matchService(offered, q.service) ?? null;
        if (!service)
          return { kind: 'unknown_service', requested: q.service, offered: offered.map((s) => s.name) };
      }
      if (q.from) {
        fromMs = parseInstant(q.from, tz);
        if (fromMs === null) return { kind: 'bad_input', message: 'from is not a valid date and time.' };
      }
      // A slot starting this very instant is not one a caller can still come to.
      const notBefore = Math.max(t + 1, fromMs ?? 0);
      const first = q.date ?? localDate(notBefore, tz);
      const days = q.date ? [q.date] : Array.from({ length: SEARCH_DAYS }, (_, i) => addDays(first, i));
      const today = localDate(t, tz);
      const slots = freeSlots({
        hours: snap.settings.businessHours,
        tz,
        days,
        stepMinutes: snap.settings.slotMinutes,
        lengthMinutes: service?.durationMinutes ?? snap.settings.slotMinutes,
        busy: busyOf(snap.busy),
        notBefore,
        limit: MAX_SLOTS,
      });
      return {
        kind: 'slots',
        slots: slots.map((s) => toSlot(s, tz, language, today)),
        service,
        timezone: tz,
      };
    },

    /**
     * Books a slot for a caller. Under the org's lock: a retried tool call returns what it booked the
     * first time; otherwise the slot is re-checked (future, on the grid, free) and written.
     */
    async bookFromCall(
      orgId: string,
      input: { start: string; name?: string; phone?: string; service?: string; notes?: string },
      ctx: ToolContext,
    ): Promise<BookingOutcome> {
      const language = ctx.language ?? 'en';
      const tz = await zoneFor(orgId, ctx);
      const start = parseInstant(input.start, tz);
      if (start === null) return badStart('start');
      const outcome = await locked(orgId, ctx.tx, async (l): Promise<BookingOutcome> => {
        let service: ServiceRow | undefined;
        if (input.service) {
          const all = await activeServices(orgId, () => l.activeServices());
          service = matchService(all, input.service);
          if (!service)
            return { kind: 'unknown_service', requested: input.service, offered: all.map((s) => s.name) };
        }
        const length = (service?.durationMinutes ?? l.settings.slotMinutes) * MINUTE;
        const from = Math.max(start, now());
        const rows = await l.around(new Date(from), new Date(from + (SEARCH_DAYS + 1) * DAY), ctx.toolCallId);
        const replay = rows.find((r) => r.toolCallId === ctx.toolCallId);
        if (replay) {
          const first = (await l.get(replay.id))!;
          const serviceName = first.serviceId === service?.id ? (service?.name ?? null) : null;
          return { kind: 'booked', appointment: toDto(first, serviceName), label: '', replayed: true };
        }
        if (!l.settings.bookingEnabled) return { kind: 'disabled' };
        const busy = busyOf(rows.filter((r) => r.status === 'booked'));
        const slot = { start, end: start + length };
        const detail = refusal(l.settings, tz, slot, busy);
        if (detail)
          return {
            kind: 'unavailable',
            detail,
            alternatives: alternativesFrom(l.settings, tz, length / MINUTE, busy, from, language),
          };
        const row = await l.insert({
          startsAt: new Date(slot.start),
          endsAt: new Date(slot.end),
          status: 'booked',
          source: 'call',
          serviceId: service?.id ?? null,
          callId: ctx.callId ?? null,
          customerName: input.name?.trim() || null,
          customerPhone: normalizePhone(input.phone ?? ctx.callerNumber),
          notes: input.notes?.trim() || null,
          toolCallId: ctx.toolCallId,
        });
        return {
          kind: 'booked',
          appointment: toDto(row, service?.name ?? null),
          label: '',
          replayed: false,
        };
      });
      if (outcome.kind !== 'booked') return outcome;
      const label = slotLabel(Date.parse(outcome.appointment.start), tz, language, localDate(now(), tz));
      // A retry must not text the caller a second time.
      if (!outcome.replayed) fireNotify(orgId, outcome.appointment, tz, ctx, 'booked');
      return { ...outcome, label };
    },

    /** Cancels the caller's appointment; cancelling one already cancelled is a success (retries). */
    async cancelFromCall(orgId: string, target: AppointmentTarget, ctx: ToolContext): Promise<ChangeOutcome> {
      const tz = await zoneFor(orgId, ctx);
      const outcome = await locked(orgId, ctx.tx, async (l): Promise<ChangeOutcome> => {
        const row = await findTarget(l, target, tz, ctx.callerNumber);
        if (row === 'bad_input') return badStart('start');
        if (typeof row === 'string') return { kind: row };
        if (row.status === 'cancelled')
          return { kind: 'done', appointment: toDto(row, null), label: '', already: true };
        const updated = (await l.update(row.id, { status: 'cancelled' }))!;
        return { kind: 'done', appointment: toDto(updated, null), label: '', already: false };
      });
      if (outcome.kind !== 'done') return outcome;
      if (!outcome.already) fireNotify(orgId, outcome.appointment, tz, ctx, 'cancelled');
      const label = slotLabel(
        Date.parse(outcome.appointment.start),
        tz,
        ctx.language ?? 'en',
        localDate(now(), tz),
      );
      return { ...outcome, label };
    },

    /** Moves the caller's appointment to another offered slot, re-checked like a booking. */
    async rescheduleFromCall(
      orgId: string,
      target: AppointmentTarget,
      newStartInput: string,
      ctx: ToolContext,
    ): Promise<ChangeOutcome> {
      const language = ctx.language ?? 'en';
      const tz = await zoneFor(orgId, ctx);
      const newStart = parseInstant(newStartInput, tz);
      if (newStart === null) return badStart('newStart');
      const outcome = await locked(orgId, ctx.tx, async (l): Promise<ChangeOutcome> => {
        const found = await findTarget(l, target, tz, ctx.callerNumber);
        if (found === 'bad_input') return badStart('start');
        if (found === 'not_found' && !target.appointmentId) {
          // A retried reschedule finds nothing at the old time: the caller's appointment already sits at
          // the new one, which is the answer the first attempt gave.
          const moved = await findTarget(l, { ...target, start: newStartInput }, tz, ctx.callerNumber);
          if (typeof moved !== 'string' && moved.status === 'booked')
            return { kind: 'done', appointment: toDto(moved, null), label: '', already: true };
        }
        if (typeof found === 'string') return { kind: found };
        const row = found;
        if (row.status === 'cancelled') return { kind: 'cancelled' };
        const length = row.endsAt.getTime() - row.startsAt.getTime();
        if (row.startsAt.getTime() === newStart)
          return { kind: 'done', appointment: toDto(row, null), label: '', already: true };
        const from = Math.max(newStart, now());
        const rows = await l.around(new Date(from), new Date(from + (SEARCH_DAYS + 1) * DAY));
        const busy = busyOf(rows.filter((r) => r.id !== row.id));
        const slot = { start: newStart, end: newStart + length };
        const detail = refusal(l.settings, tz, slot, busy);
        if (detail)
          return {
            kind: 'unavailable',
            detail,
            alternatives: alternativesFrom(l.settings, tz, length / MINUTE, busy, from, language),
          };
        const moved = (await l.update(row.id, {
          startsAt: new Date(slot.start),
          endsAt: new Date(slot.end),
        }))!;
        return { kind: 'done', appointment: toDto(moved, null), label: '', already: false };
      });
      if (outcome.kind !== 'done') return outcome;
      if (!outcome.already) fireNotify(orgId, outcome.appointment, tz, ctx, 'rescheduled');
      const label = slotLabel(Date.parse(outcome.appointment.start), tz, language, localDate(now(), tz));
      return { ...outcome, label };
    },

    // ---- the owner's side (REST) --------------------------------------------------------------

    async getSettings(ctx: OrgContext): Promise<BookingSettings> {
      const [row, { tz }] = await Promise.all([repo.settings(ctx.orgId, defaults), orgInfo(ctx.orgId)]);
      return settingsDto(row, tz);
    },

    async updateSettings(
      ctx: OrgContext,
      patch: Partial<Pick<NewBookingSettings, 'businessHours' | 'slotMinutes' | 'bookingEnabled'>>,
    ): Promise<BookingSettings> {
      requireManager(ctx);
      const [row, { tz }] = await Promise.all([
        repo.updateSettings(ctx.orgId, defaults, patch),
        orgInfo(ctx.orgId),
      ]);
      return settingsDto(row, tz);
    },

    /** A new secret feed URL; calendars subscribed to the old one stop updating. */
    async rotateIcsToken(ctx: OrgContext): Promise<BookingSettings> {
      requireManager(ctx);
      const [row, { tz }] = await Promise.all([
        repo.updateSettings(ctx.orgId, defaults, { icsToken: newIcsToken() }),
        orgInfo(ctx.orgId),
      ]);
      return settingsDto(row, tz);
    },

    async listServices(ctx: OrgContext) {
      return { services: (await repo.listServices(ctx.orgId)).map(serviceDto) };
    },

    async createService(ctx: OrgContext, input: { name: string; durationMinutes: number; active: boolean }) {
      requireManager(ctx);
      await assertNameFree(ctx.orgId, input.name);
      const row = await repo.insertService(ctx.orgId, input);
      servicesCache.delete(ctx.orgId);
      return serviceDto(row);
    },

    async updateService(
      ctx: OrgContext,
      id: string,
      patch: Partial<{ name: string; durationMinutes: number; active: boolean }>,
    ) {
      requireManager(ctx);
      if (patch.name !== undefined) await assertNameFree(ctx.orgId, patch.name, id);
      const row = await repo.updateService(ctx.orgId, id, patch);
      servicesCache.delete(ctx.orgId);
      if (!row) throw new AppError('NOT_FOUND');
      return serviceDto(row);
    },

    /** Past appointments keep their service id; their service name simply disappears from lists. */
    async deleteService(ctx: OrgContext, id: string) {
      requireManager(ctx);
      const deleted = await repo.deleteService(ctx.orgId, id);
      servicesCache.delete(ctx.orgId);
      if (!deleted) throw new AppError('NOT_FOUND');
    },

    /** A week or month of the calendar; by default from a week ago to five weeks ahead. */
    async list(ctx: OrgContext, q: { from?: string; to?: string; status?: AppointmentRow['status'] }) {
      const from = q.from ? new Date(q.from) : new Date(now() - SEARCH_DAYS * DAY);
      const to = q.to ? new Date(q.to) : new Date(from.getTime() + 42 * DAY);
      const rows = await repo.listAppointments(ctx.orgId, from, to, q.status);
      return { appointments: rows.map(withService) };
    },

    get: (ctx: OrgContext, id: string) => getDto(ctx.orgId, id),

    /**
     * Booked by hand: the owner may book outside business hours or off the grid (a favour, a late
     * client), but never over another appointment.
     */
    async create(
      ctx: OrgContext,
      input: {
        start: string;
        durationMinutes?: number;
        serviceId?: string | null;
        customerName?: string | null;
        customerPhone?: string | null;
        notes?: string | null;
      },
    ) {
      requireManager(ctx);
      const start = Date.parse(input.start);
      const row = await manualWrite(ctx.orgId, async (l) => {
        const service = input.serviceId ? await mustService(l, input.serviceId) : undefined;
        const minutes = input.durationMinutes ?? service?.durationMinutes ?? l.settings.slotMinutes;
        await assertNoConflict(l, { start, end: start + minutes * MINUTE });
        return l.insert({
          startsAt: new Date(start),
          endsAt: new Date(start + minutes * MINUTE),
          status: 'booked',
          source: 'manual',
          serviceId: service?.id ?? null,
          customerName: input.customerName ?? null,
          customerPhone: input.customerPhone ?? null,
          notes: input.notes ?? null,
        });
      });
      return getDto(ctx.orgId, row.id);
    },

    /** Moves or edits an appointment; a move onto another appointment is refused. */
    async update(
      ctx: OrgContext,
      id: string,
      input: {
        start?: string;
        durationMinutes?: number;
        serviceId?: string | null;
        customerName?: string | null;
        customerPhone?: string | null;
        notes?: string | null;
      },
    ) {
      requireManager(ctx);
      await manualWrite(ctx.orgId, async (l) => {
        const row = await l.get(id);
        if (!row) throw new AppError('NOT_FOUND');
        const service =
          input.serviceId === undefined
            ? undefined
            : input.serviceId === null
              ? null
              : await mustService(l, input.serviceId);
        const start = input.start ? Date.parse(input.start) : row.startsAt.getTime();
        const minutes =
          input.durationMinutes ??
          (service ? service.durationMinutes : (row.endsAt.getTime() - row.startsAt.getTime()) / MINUTE);
        const slot = { start, end: start + minutes * MINUTE };
        if (row.status === 'booked') await assertNoConflict(l, slot, row.id);
        const values: Partial<NewAppointment> = {
          startsAt: new Date(slot.start),
          endsAt: new Date(slot.end),
        };
        if (service !== undefined) values.serviceId = service?.id ?? null;
        if (input.customerName !== undefined) values.customerName = input.customerName;
        if (input.customerPhone !== undefined) values.customerPhone = input.customerPhone;
        if (input.notes !== undefined) values.notes = input.notes;
        return (await l.update(id, values))!;
      });
      return getDto(ctx.orgId, id);
    },

    async cancel(ctx: OrgContext, id: string) {
      requireManager(ctx);
      await manualWrite(ctx.orgId, async (l) => {
        const row = await l.get(id);
        if (!row) throw new AppError('NOT_FOUND');
        if (row.status !== 'cancelled') await l.update(id, { status: 'cancelled' });
        return row;
      });
      return getDto(ctx.orgId, id);
    },

    /** The subscribed calendar: the last 90 days and the coming year of booked appointments. */
    async icsFeed(token: string): Promise<string> {
      const orgId = await repo.orgIdByIcsToken(token);
      if (!orgId) throw new AppError('NOT_FOUND');
      const t = now();
      const [{ name, tz }, rows] = await Promise.all([
        orgInfo(orgId),
        repo.listAppointments(orgId, new Date(t - 90 * DAY), new Date(t + 366 * DAY), 'booked'),
      ]);
      return buildCalendar({ name, timezone: tz, now: t, appointments: rows.map(withService) });
    },
  };

  async function getDto(orgId: string, id: string) {
    const row = await repo.getAppointment(orgId, id);
    if (!row) throw new AppError('NOT_FOUND');
    return withService(row);
  }

  async function assertNameFree(orgId: string, name: string, exceptId?: string) {
    const all = await repo.listServices(orgId);
    if (all.some((s) => s.id !== exceptId && s.name.toLowerCase() === name.trim().toLowerCase()))
      throw new AppError('CONFLICT', 'A service with this name already exists.', [
        { path: 'body.name', code: 'taken', message: 'validation.serviceNameTaken' },
      ]);
  }

  async function mustService(l: LockedBooking, id: string) {
    const service = await l.getService(id);
    if (!service)
      throw new AppError('VALIDATION_FAILED', 'This service does not exist.', [
        { path: 'body.serviceId', code: 'unknown', message: 'validation.unknownService' },
      ]);
    return service;
  }

  async function assertNoConflict(l: LockedBooking, slot: Interval, exceptId?: string) {
    const clashes = (await l.around(new Date(slot.start), new Date(slot.end))).filter(
      (r) => r.id !== exceptId,
    );
    if (clashes.length > 0)
      throw new AppError(
        'CONFLICT',
        `This time overlaps another appointment (${clashes
          .map((c) => `${c.startsAt.toISOString()}–${c.endsAt.toISOString()}`)
          .join(', ')}).`,
        { reason: 'appointment.conflict', conflicts: clashes.map((c) => c.id) },
      );
  }

  /** Manual writes share the lock with the assistant; a unique-index race still answers 409. */
  async function manualWrite<T>(orgId: string, fn: (l: LockedBooking) => Promise<T>): Promise<T> {
    try {
      return await repo.withBookingLock(orgId, defaults, fn);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('CONFLICT', 'This time overlaps another appointment.', {
          reason: 'appointment.conflict',
        });
      throw err;
    }
  }
}

/** 32 random bytes, URL-safe: the feed URL is the only credential a calendar app sends. */
function newIcsToken() {
  return randomBytes(32).toString('base64url');
}
