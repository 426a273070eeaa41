import {
  appointmentParamsSchema,
  appointmentSchema,
  appointmentsListSchema,
  bookingSettingsSchema,
  createAppointmentBodySchema,
  createServiceBodySchema,
  icsParamsSchema,
  listAppointmentsQuerySchema,
  orgParamsSchema,
  serviceParamsSchema,
  serviceSchema,
  servicesListSchema,
  updateAppointmentBodySchema,
  updateBookingSettingsBodySchema,
  updateServiceBodySchema,
} from '@ava/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SessionResolver } from '../../http/session.ts';
import type { AppointmentsService } from './appointments.service.ts';

const tags = ['appointments'];

export function appointmentsRoutes(
  app: FastifyInstance,
  service: AppointmentsService,
  sessions: SessionResolver,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/orgs/:orgId';
  const member = (req: { params: { orgId: string } } & Parameters<SessionResolver['requireUser']>[0]) =>
    sessions.requireMember(req, req.params.orgId);

  // ---- booking settings ----
  r.get(
    `${base}/booking-settings`,
    {
      schema: {
        tags,
        summary: 'Business hours, slot length, whether callers may book, and the calendar feed URL',
        params: orgParamsSchema,
        response: { 200: bookingSettingsSchema },
      },
    },
    async (req) => service.getSettings(await member(req)),
  );
  r.put(
    `${base}/booking-settings`,
    {
      schema: {
        tags,
        summary: 'Change business hours, slot length or phone booking (owner, admin)',
        params: orgParamsSchema,
        body: updateBookingSettingsBodySchema,
        response: { 200: bookingSettingsSchema },
      },
    },
    async (req) => service.updateSettings(await member(req), req.body),
  );
  r.post(
    `${base}/booking-settings/ics-token`,
    {
      schema: {
        tags,
        summary: 'New secret calendar feed URL; the old one stops working (owner, admin)',
        params: orgParamsSchema,
        response: { 200: bookingSettingsSchema },
      },
    },
    async (req) => service.rotateIcsToken(await member(req)),
  );

  // ---- services ----
  r.get(
    `${base}/services`,
    {
      schema: {
        tags,
        summary: 'The services callers can book, with their durations',
        params: orgParamsSchema,
        response: { 200: servicesListSchema },
      },
    },
    async (req) => service.listServices(await member(req)),
  );
  r.post(
    `${base}/services`,
    {
      schema: {
        tags,
        summary: 'Add a service (owner, admin)',
        params: orgParamsSchema,
        body: createServiceBodySchema,
        response: { 201: serviceSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.createService(await member(req), req.body)),
  );
  r.patch(
    `${base}/services/:serviceId`,
    {
      schema: {
        tags,
        summary: 'Rename, change the duration, or stop offering a service (owner, admin)',
        params: serviceParamsSchema,
        body: updateServiceBodySchema,
        response: { 200: serviceSchema },
      },
    },
    async (req) => service.updateService(await member(req), req.params.serviceId, req.body),
  );
  r.delete(
    `${base}/services/:serviceId`,
    {
      schema: {
        tags,
        summary: 'Remove a service (owner, admin)',
        params: serviceParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await service.deleteService(await member(req), req.params.serviceId);
      return { ok: true as const };
    },
  );

  // ---- appointments ----
  r.get(
    `${base}/appointments`,
    {
      schema: {
        tags,
        summary: 'Appointments overlapping a period (list and week view)',
        params: orgParamsSchema,
        querystring: listAppointmentsQuerySchema,
        response: { 200: appointmentsListSchema },
      },
    },
    async (req) => service.list(await member(req), req.query),
  );
  r.post(
    `${base}/appointments`,
    {
      schema: {
        tags,
        summary: 'Book by hand; a time that overlaps another appointment is refused with 409 (owner, admin)',
        params: orgParamsSchema,
        body: createAppointmentBodySchema,
        response: { 201: appointmentSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(await member(req), req.body)),
  );
  r.get(
    `${base}/appointments/:appointmentId`,
    {
      schema: {
        tags,
        summary: 'One appointment',
        params: appointmentParamsSchema,
        response: { 200: appointmentSchema },
      },
    },
    async (req) => service.get(await member(req), req.params.appointmentId),
  );
  r.patch(
    `${base}/appointments/:appointmentId`,
    {
      schema: {
        tags,
        summary: 'Move or edit an appointment; overlaps are refused with 409 (owner, admin)',
        params: appointmentParamsSchema,
        body: updateAppointmentBodySchema,
        response: { 200: appointmentSchema },
      },
    },
    async (req) => service.update(await member(req), req.params.appointmentId, req.body),
  );
  r.post(
    `${base}/appointments/:appointmentId/cancel`,
    {
      schema: {
        tags,
        summary: 'Cancel an appointment (owner, admin)',
        params: appointmentParamsSchema,
        response: { 200: appointmentSchema },
      },
    },
    async (req) => service.cancel(await member(req), req.params.appointmentId),
  );

  // ---- the calendar feed: no session, the secret token in the URL is the credential ----
  r.get(
    '/ics/:token.ics',
    {
      schema: {
        tags,
        summary: 'The organisation’s appointments as an iCalendar feed (secret URL from booking settings)',
        security: [],
        params: icsParamsSchema,
      },
    },
    async (req, reply) => {
      const body = await service.icsFeed(req.params.token);
      return (
        reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=300')
          // The token is a credential: keep it out of referrers.
          .header('referrer-policy', 'no-referrer')
          .send(body)
      );
    },
  );
}
