import { and, asc, desc, eq, getTableColumns, gt, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { appointments, bookingSettings, services } from '../../db/schema/index.ts';
import { afterCommit, withOrg, withOrgEach, type OrgTx } from '../../db/tenant.ts';

export type BookingSettingsRow = typeof bookingSettings.$inferSelect;
export type NewBookingSettings = Omit<typeof bookingSettings.$inferInsert, 'orgId' | 'updatedAt'>;
export type ServiceRow = typeof services.$inferSelect;
export type NewService = Omit<typeof services.$inferInsert, 'id' | 'orgId' | 'createdAt'>;
export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentWithService = AppointmentRow & { serviceName: string | null };
export type NewAppointment = Omit<
  typeof appointments.$inferInsert,
  'id' | 'orgId' | 'createdAt' | 'updatedAt'
>;
export type AppointmentsRepository = ReturnType<typeof appointmentsRepository>;

/**
 * Everything availability needs but the services, in one statement: the settings and the booked
 * appointments that may overlap [from, to). Read on every check_availability tool call: built once.
 */
const readSnapshot = prepared('appointments.snapshot', (db) =>
  db
    .select({
      settings: getTableColumns(bookingSettings),
      busy: sql<[string, string][] | null>`(
          SELECT json_agg(json_build_array(${appointments.startsAt}, ${appointments.endsAt}))
            FROM ${appointments}
           WHERE ${appointments.orgId} = ${sql.placeholder('orgId')}
             AND ${appointments.status} = 'booked'
             AND ${appointments.startsAt} < ${sql.placeholder('to')}
             AND ${appointments.endsAt} > ${sql.placeholder('from')})`,
    })
    .from(bookingSettings)
    .where(eq(bookingSettings.orgId, sql.placeholder('orgId'))),
);

/** Just what overlap checks need: a busy week is a hundred rows, read on every booking. */
export type BusyRow = Pick<AppointmentRow, 'id' | 'startsAt' | 'endsAt' | 'status' | 'toolCallId'>;

/** What a booking transaction may do while it holds the organisation's lock. */
export type LockedBooking = {
  settings: BookingSettingsRow;
  activeServices(): Promise<ServiceRow[]>;
  getService(id: string): Promise<ServiceRow | undefined>;
  /**
   * Booked appointments overlapping [from, to), plus — in the same query — any appointment (booked or
   * not) already made by `toolCallId`, so the retry check costs nothing on the tool path.
   */
  around(from: Date, to: Date, toolCallId?: string): Promise<BusyRow[]>;
  get(id: string): Promise<AppointmentRow | undefined>;
  /** Appointments starting exactly at `start`, booked ones first. */
  startingAt(start: Date): Promise<AppointmentRow[]>;
  insert(values: NewAppointment): Promise<AppointmentRow>;
  update(id: string, values: Partial<NewAppointment>): Promise<AppointmentRow | undefined>;
};

export function appointmentsRepository(db: Db) {
  /** The org's settings row, created from `defaults` the first time anyone needs it. */
  async function ensureSettings(tx: Db, orgId: string, defaults: () => NewBookingSettings, lock: boolean) {
    const select = () => {
      const q = tx.select().from(bookingSettings).where(eq(bookingSettings.orgId, orgId));
      return lock ? q.for('update') : q;
    };
    const [row] = await select();
    if (row) return row;
    // Two first requests may race here: the loser's insert does nothing and its select finds the winner's.
    await tx
      .insert(bookingSettings)
      .values({ ...defaults(), orgId })
      .onConflictDoNothing();
    const [created] = await select();
    return created!;
  }

  const appointmentColumns = {
    id: appointments.id,
    orgId: appointments.orgId,
    serviceId: appointments.serviceId,
    contactId: appointments.contactId,
    callId: appointments.callId,
    startsAt: appointments.startsAt,
    endsAt: appointments.endsAt,
    status: appointments.status,
    source: appointments.source,
    customerName: appointments.customerName,
    customerPhone: appointments.customerPhone,
    notes: appointments.notes,
    toolCallId: appointments.toolCallId,
    createdAt: appointments.createdAt,
    updatedAt: appointments.updatedAt,
    serviceName: services.name,
  };

  return {
    /** Runs `fn` once `tx` has committed, or at once without one (see afterCommit). */
    afterCommit(tx: OrgTx | undefined, fn: () => void) {
      afterCommit(tx ?? db, fn);
    },

    settings(orgId: string, defaults: () => NewBookingSettings) {
      return withOrg(db, orgId, (tx) => ensureSettings(tx, orgId, defaults, false));
    },

    updateSettings(orgId: string, defaults: () => NewBookingSettings, values: Partial<NewBookingSettings>) {
      return withOrg(db, orgId, async (tx) => {
        await ensureSettings(tx, orgId, defaults, true);
        const [row] = await tx
          .update(bookingSettings)
          .set(values)
          .where(eq(bookingSettings.orgId, orgId))
          .returning();
        return row!;
      });
    },

    /**
     * The calendar feed has no session: the unguessable token is the credential, so this one lookup
     * runs as the owner across organisations and returns only the org it names.
     */
    async orgIdByIcsToken(token: string) {
      const [row] = await db
        .select({ orgId: bookingSettings.orgId })
        .from(bookingSettings)
        .where(eq(bookingSettings.icsToken, token));
      return row?.orgId;
    },

    listServices(orgId: string) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select()
          .from(services)
          .where(eq(services.orgId, orgId))
          .orderBy(asc(services.name), asc(services.createdAt)),
      );
    },

    getService(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select()
          .from(services)
          .where(and(eq(services.orgId, orgId), eq(services.id, id)));
        return row;
      });
    },

    insertService(orgId: string, values: NewService) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .insert(services)
          .values({ ...values, orgId })
          .returning();
        return row!;
      });
    },

    updateService(orgId: string, id: string, values: Partial<NewService>) {
      return withOrg(db, orgId, async (tx) => {
        const [row] = await tx
          .update(services)
          .set(values)
          .where(and(eq(services.orgId, orgId), eq(services.id, id)))
          .returning();
        return row;
      });
    },

    deleteService(orgId: string, id: string) {
      return withOrg(db, orgId, async (tx) => {
        const rows = await tx
          .delete(services)
          .where(and(eq(services.orgId, orgId), eq(services.id, id)))
          .returning({ id: services.id });
        return rows.length > 0;
      });
    },

    /** Appointments overlapping [from, to), oldest first, with their service's name. */
    listAppointments(orgId: string, from: Date, to: Date, status?: AppointmentRow['status']) {
      return withOrgEach(db, orgId, (tx) =>
        tx
          .select(appointmentColumns)
          .from(appointments)
          .leftJoin(services, and(eq(services.id, appointments.serviceId), eq(services.orgId, orgId)))
          .where(
            and(
              eq(appointments.orgId, orgId),
              lt(appointments.startsAt, to),
              gt(appointments.endsAt, from),
              status ? eq(appointments.status, status) : undefined,
            ),
          )
          .orderBy(asc(appointments.startsAt), asc(appointments.createdAt)),
      );
    },

    getAppointment(orgId: string, id: string) {
      return withOrgEach(db, orgId, async (tx) => {
        const [row] = await tx
          .select(appointmentColumns)
          .from(appointments)
          .leftJoin(services, and(eq(services.id, appointments.serviceId), eq(services.orgId, orgId)))
          .where(and(eq(appointments.orgId, orgId), eq(appointments.id, id)));
        return row;
      });
    },

    /**
     * Everything availability needs but the services, in one statement: the settings and the booked
     * appointments that may overlap [from, to). In `tx` when given (the tool call's transaction).
     */
    snapshot(orgId: string, defaults: () => NewBookingSettings, range: { from: Date; to: Date }, tx?: OrgTx) {
      // Outside a transaction each statement is one round trip (withOrgEach): on the tool path every
      // round trip counts. The settings and the busy intervals come back in one statement.
      return withOrgEach(tx ?? db, orgId, async (t) => {
        const read = () =>
          readSnapshot(t, { orgId, from: range.from.toISOString(), to: range.to.toISOString() });
        let [row] = await read();
        if (!row) {
          await ensureSettings(t, orgId, defaults, false);
          [row] = await read();
        }
        return {
          settings: row!.settings,
          busy: (row!.busy ?? []).map(([start, end]) => ({
            startsAt: new Date(start),
            endsAt: new Date(end),
          })),
        };
      });
    },

    activeServices(orgId: string, tx?: OrgTx) {
      return withOrgEach(tx ?? db, orgId, (t) =>
        t
          .select()
          .from(services)
          .where(and(eq(services.orgId, orgId), eq(services.active, true))),
      );
    },

    /**
     * Runs `fn` in one transaction holding the organisation's booking lock (its settings row, FOR
     * UPDATE): bookings, moves and cancellations of one org happen one at a time, so a slot checked
     * free is still free when it is written. In `tx` when given (the lock then lasts until it ends).
     */
    withBookingLock<T>(
      orgId: string,
      defaults: () => NewBookingSettings,
      fn: (locked: LockedBooking) => Promise<T>,
      within?: OrgTx,
    ): Promise<T> {
      return withOrg(within ?? db, orgId, async (tx) => {
        const settings = await ensureSettings(tx, orgId, defaults, true);
        const mine = (...conds: Parameters<typeof and>) => and(eq(appointments.orgId, orgId), ...conds);
        return fn({
          settings,
          activeServices: () =>
            tx
              .select()
              .from(services)
              .where(and(eq(services.orgId, orgId), eq(services.active, true))),
          async getService(id) {
            const [row] = await tx
              .select()
              .from(services)
              .where(and(eq(services.orgId, orgId), eq(services.id, id)));
            return row;
          },
          around: (from, to, toolCallId) => {
            const overlapping = and(
              eq(appointments.status, 'booked'),
              lt(appointments.startsAt, to),
              gt(appointments.endsAt, from),
            );
            return tx
              .select({
                id: appointments.id,
                startsAt: appointments.startsAt,
                endsAt: appointments.endsAt,
                status: appointments.status,
                toolCallId: appointments.toolCallId,
              })
              .from(appointments)
              .where(
                mine(toolCallId ? or(overlapping, eq(appointments.toolCallId, toolCallId)) : overlapping),
              );
          },
          async get(id) {
            const [row] = await tx
              .select()
              .from(appointments)
              .where(mine(eq(appointments.id, id)));
            return row;
          },
          startingAt: (start) =>
            tx
              .select()
              .from(appointments)
              .where(mine(eq(appointments.startsAt, start)))
              // 'booked' sorts before 'cancelled'
              .orderBy(asc(appointments.status), desc(appointments.updatedAt)),
          async insert(values) {
            const [row] = await tx
              .insert(appointments)
              .values({ ...values, orgId })
              .returning();
            return row!;
          },
          async update(id, values) {
            const [row] = await tx
              .update(appointments)
              .set(values)
              .where(mine(eq(appointments.id, id)))
              .returning();
            return row;
          },
        });
      });
    },
  };
}
