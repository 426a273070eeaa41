import { z } from 'zod';
import { defineJob } from '../../jobs/queue.ts';
import type { Logger } from '../../lib/logger.ts';
import type { TelephonyPort } from '../../providers/telephony/telephony.port.ts';
import type { NotifyAppointment } from './appointments.service.ts';

const texts = {
  en: {
    booked: 'Your appointment is confirmed for {when}.',
    rescheduled: 'Your appointment has been moved to {when}.',
    cancelled: 'Your appointment on {when} is cancelled.',
  },
  fr: {
    booked: 'Votre rendez-vous est confirmé pour le {when}.',
    rescheduled: 'Votre rendez-vous est déplacé au {when}.',
    cancelled: 'Votre rendez-vous du {when} est annulé.',
  },
  he: {
    booked: 'התור שלכם נקבע ל-{when}.',
    rescheduled: 'התור שלכם הועבר ל-{when}.',
    cancelled: 'התור שלכם ב-{when} בוטל.',
  },
} as const;

/** Sends one confirmation text; a job, so a provider hiccup is retried and nothing holds the call up. */
export const SEND_CONFIRMATION = 'appointments.send-confirmation';
export const sendConfirmationJob = (deps: {
  telephonyFor: (orgId: string) => Promise<TelephonyPort>;
  log: Logger;
}) =>
  defineJob({
    name: SEND_CONFIRMATION,
    schema: z.object({ orgId: z.string(), from: z.string(), to: z.string(), body: z.string() }),
    retryLimit: 3,
    handler: async ({ orgId, from, to, body }) => {
      const telephony = await deps.telephonyFor(orgId);
      await telephony.sendSms({ from, to, body });
      deps.log.info({ orgId }, 'appointment confirmation sent');
    },
  });

/** The caller gets a text from the number they called, in the language of the call. */
export function appointmentSmsNotifier(
  enqueue: (payload: { orgId: string; from: string; to: string; body: string }) => Promise<void>,
): NotifyAppointment {
  return async (orgId, appointment, calledNumber, event = 'booked') => {
    const to = appointment.customerPhone;
    if (!to || !calledNumber) return;
    const lang = (appointment as { language?: string }).language;
    const t = texts[lang === 'fr' || lang === 'he' ? lang : 'en'];
    await enqueue({ orgId, from: calledNumber, to, body: t[event].replace('{when}', appointment.when) });
  };
}
