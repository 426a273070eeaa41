import type { EmailPort } from '../../providers/email/email.port.ts';
import type { Logger } from '../../lib/logger.ts';
import type { CallRow, CallsRepository } from './calls.repository.ts';

type Owner = { email: string; name: string; locale: string };

const text = {
  en: {
    subject: 'Call from {caller}',
    intro: 'Your receptionist took a call.',
    caller: 'Caller',
    duration: 'Duration',
    outcome: 'Outcome',
    summary: 'Summary',
    open: 'Open the call',
    unknown: 'unknown number',
  },
  fr: {
    subject: 'Appel de {caller}',
    intro: 'Votre réceptionniste a pris un appel.',
    caller: 'Appelant',
    duration: 'Durée',
    outcome: 'Issue',
    summary: 'Résumé',
    open: 'Voir l’appel',
    unknown: 'numéro inconnu',
  },
  he: {
    subject: 'שיחה מ-{caller}',
    intro: 'פקידת הקבלה שלכם ענתה לשיחה.',
    caller: 'מתקשר/ת',
    duration: 'משך',
    outcome: 'תוצאה',
    summary: 'סיכום',
    open: 'לפתיחת השיחה',
    unknown: 'מספר לא ידוע',
  },
} as const;

/**
 * One email per ended call to the organisation's owners. The call row's owner_notified_at makes it
 * once-only even when Vapi delivers the end-of-call report twice or the job is retried.
 */
export function callNotifier(deps: {
  repo: CallsRepository;
  email: EmailPort;
  publicUrl: string;
  owners: (orgId: string) => Promise<Owner[]>;
  log: Logger;
}) {
  return async (orgId: string, call: CallRow) => {
    if (!(await deps.repo.markNotified(orgId, call.id))) return;
    for (const owner of await deps.owners(orgId)) {
      const t =
        text[(owner.locale as keyof typeof text) in text ? (owner.locale as keyof typeof text) : 'en'];
      const caller = [call.callerName, call.callerNumber].filter(Boolean).join(' · ') || t.unknown;
      const minutes =
        call.durationSeconds === null
          ? '—'
          : `${Math.floor(call.durationSeconds / 60)}:${String(call.durationSeconds % 60).padStart(2, '0')}`;
      const link = `${deps.publicUrl}/calls/${call.id}`;
      const body = [
        t.intro,
        '',
        `${t.caller}: ${caller}`,
        `${t.duration}: ${minutes}`,
        `${t.outcome}: ${call.endedReason ?? '—'}`,
        '',
        `${t.summary}:`,
        call.summary ?? '—',
        '',
        `${t.open}:`,
        link,
      ].join('\n');
      try {
        await deps.email.send({
          to: owner.email,
          subject: t.subject.replace('{caller}', caller),
          text: body,
        });
      } catch (err) {
        deps.log.error({ err, orgId, callId: call.id }, 'call email not sent');
      }
    }
  };
}
