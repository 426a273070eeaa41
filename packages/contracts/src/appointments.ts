import { z } from 'zod';
import { idParam } from './orgs.ts';
import { businessHoursSchema } from './phone-numbers.ts';
import { toE164 } from './phone.ts';

// ---- booking settings -------------------------------------------------------------------------

export const bookingSettingsSchema = z.object({
  /** [{ day: 0-6 (Sunday = 0), open: 'HH:MM', close: 'HH:MM' }] in the organisation's time zone */
  businessHours: businessHoursSchema,
  slotMinutes: z.number().int(),
  bookingEnabled: z.boolean(),
  /** the organisation's time zone the hours are read in ('UTC' when none is set) */
  timezone: z.string(),
  /** the secret calendar feed URL; rotating the token revokes it */
  icsUrl: z.string(),
});
export type BookingSettings = z.infer<typeof bookingSettingsSchema>;

export const updateBookingSettingsBodySchema = z
  .object({
    businessHours: businessHoursSchema,
    slotMinutes: z
      .number()
      .int()
      .min(5, { message: 'validation.slotMinutes' })
      .max(480, { message: 'validation.slotMinutes' }),
    bookingEnabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });
export type UpdateBookingSettingsBody = z.input<typeof updateBookingSettingsBodySchema>;

// ---- services ---------------------------------------------------------------------------------

const durationSchema = z
  .number()
  .int()
  .min(5, { message: 'validation.duration' })
  .max(480, { message: 'validation.duration' });

export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  durationMinutes: z.number().int(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type Service = z.infer<typeof serviceSchema>;
export const servicesListSchema = z.object({ services: z.array(serviceSchema) });

export const createServiceBodySchema = z.object({
  name: z.string().trim().min(1, { message: 'validation.required' }).max(80),
  durationMinutes: durationSchema,
  active: z.boolean().default(true),
});
export type CreateServiceBody = z.input<typeof createServiceBodySchema>;
export const updateServiceBodySchema = z
  .object({
    name: z.string().trim().min(1, { message: 'validation.required' }).max(80),
    durationMinutes: durationSchema,
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });
export const serviceParamsSchema = z.object({ orgId: idParam, serviceId: idParam });

// ---- appointments -----------------------------------------------------------------------------

export const appointmentStatuses = ['booked', 'cancelled'] as const;
export const appointmentSources = ['call', 'manual'] as const;

export const appointmentSchema = z.object({
  id: z.string(),
  serviceId: z.string().nullable(),
  serviceName: z.string().nullable(),
  contactId: z.string().nullable(),
  callId: z.string().nullable(),
  /** ISO instants (UTC) */
  start: z.string(),
  end: z.string(),
  status: z.enum(appointmentStatuses),
  source: z.enum(appointmentSources),
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Appointment = z.infer<typeof appointmentSchema>;
export const appointmentsListSchema = z.object({ appointments: z.array(appointmentSchema) });

const instantSchema = z.iso.datetime({ offset: true, message: 'validation.datetime' });

export const listAppointmentsQuerySchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    status: z.enum(appointmentStatuses).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'validation.rangeOrder',
    path: ['to'],
  })
  // A calendar shows a week or a month; a year is a generous bound that keeps one response small.
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'validation.rangeTooLong',
    path: ['to'],
  });
export type ListAppointmentsQuery = z.input<typeof listAppointmentsQuerySchema>;

const customerPhoneSchema = z
  .string()
  .trim()
  .max(40)
  .transform((v, ctx) => {
    if (v === '') return null;
    const e164 = toE164(v);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'validation.phone' });
      return z.NEVER;
    }
    return e164;
  });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null);

export const createAppointmentBodySchema = z.object({
  start: instantSchema,
  /** defaults to the service's duration, else the slot length */
  durationMinutes: durationSchema.optional(),
  serviceId: idParam.nullable().optional(),
  customerName: optionalText(120).nullable().optional(),
  customerPhone: customerPhoneSchema.nullable().optional(),
  notes: optionalText(2000).nullable().optional(),
});
export type CreateAppointmentBody = z.input<typeof createAppointmentBodySchema>;

export const updateAppointmentBodySchema = createAppointmentBodySchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.emptyUpdate' });
export type UpdateAppointmentBody = z.input<typeof updateAppointmentBodySchema>;

export const appointmentParamsSchema = z.object({ orgId: idParam, appointmentId: idParam });
export const icsParamsSchema = z.object({ token: z.string().min(1).max(128) });

// ---- the assistant's tools --------------------------------------------------------------------
// Messages here are read by the language model on a live call, so they are plain English, not i18n keys.

const toolInstant = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, {
    message: 'must be a date and time like 2026-11-24T10:00:00+01:00',
  });
const toolDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-11-24' });
const toolText = (max: number) => z.string().trim().min(1).max(max);

export const checkAvailabilityArgsSchema = z.object({
  date: toolDate.optional().describe('Only this day (YYYY-MM-DD, the business’s calendar).'),
  from: toolInstant.optional().describe('Search the week from this date and time instead of from now.'),
  service: toolText(80).optional().describe('The service the caller wants, by name; sets the slot length.'),
});
export const bookAppointmentArgsSchema = z.object({
  start: toolInstant.describe('The exact start of a slot returned by check_availability.'),
  name: toolText(120).optional().describe('The caller’s name.'),
  phone: toolText(40)
    .optional()
    .describe('Only if the caller gives a number other than the one they call from.'),
  service: toolText(80).optional().describe('The service, by name, if one was chosen.'),
  notes: z.string().trim().max(2000).optional().describe('Anything the business should know.'),
});
export const cancelAppointmentArgsSchema = z.object({
  appointmentId: toolText(64).optional().describe('The id returned when the appointment was booked.'),
  start: toolInstant.optional().describe('Otherwise: when the appointment starts.'),
  phone: toolText(40).optional().describe('The number it was booked with, if not the one calling.'),
});
export const rescheduleAppointmentArgsSchema = z.object({
  appointmentId: toolText(64).optional().describe('The id returned when the appointment was booked.'),
  start: toolInstant.optional().describe('Otherwise: when the appointment starts now.'),
  phone: toolText(40).optional().describe('The number it was booked with, if not the one calling.'),
  newStart: toolInstant.describe('The exact start of a slot returned by check_availability.'),
});
export type CheckAvailabilityArgs = z.infer<typeof checkAvailabilityArgsSchema>;
export type BookAppointmentArgs = z.infer<typeof bookAppointmentArgsSchema>;
export type CancelAppointmentArgs = z.infer<typeof cancelAppointmentArgsSchema>;
export type RescheduleAppointmentArgs = z.infer<typeof rescheduleAppointmentArgsSchema>;
