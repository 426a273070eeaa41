import type { Locale } from '@ava/contracts';
import type { EmailMessage } from '../../providers/email/email.port.ts';

// Transactional mail in the recipient's language. Kept in code (not the SPA bundle) because the server
// sends it; the keys mirror the web's wording.
const t = {
  en: {
    verify: [
      'Confirm your email address for AVA',
      'Hello {name},\n\nConfirm your email address to finish setting up AVA:\n{url}\n\nIf you did not sign up, ignore this message.',
    ],
    magic: [
      'Your AVA sign-in link',
      'Hello,\n\nUse this link to sign in to AVA. It works once and expires in 5 minutes:\n{url}',
    ],
    reset: [
      'Reset your AVA password',
      'Hello {name},\n\nChoose a new password with this link (valid for 1 hour):\n{url}\n\nIf you did not ask for this, ignore this message.',
    ],
    invite: [
      '{inviter} invited you to {org} on AVA',
      'Hello,\n\n{inviter} invited you to join {org} on AVA as {role}.\nAccept the invitation:\n{url}',
    ],
    sms: 'Your AVA code is {code}. It expires in 5 minutes.',
  },
  fr: {
    verify: [
      'Confirmez votre adresse e-mail pour AVA',
      'Bonjour {name},\n\nConfirmez votre adresse e-mail pour terminer la configuration d’AVA :\n{url}\n\nSi vous ne vous êtes pas inscrit, ignorez ce message.',
    ],
    magic: [
      'Votre lien de connexion AVA',
      'Bonjour,\n\nUtilisez ce lien pour vous connecter à AVA. Il ne sert qu’une fois et expire dans 5 minutes :\n{url}',
    ],
    reset: [
      'Réinitialisez votre mot de passe AVA',
      'Bonjour {name},\n\nChoisissez un nouveau mot de passe avec ce lien (valable 1 heure) :\n{url}\n\nSi vous n’avez rien demandé, ignorez ce message.',
    ],
    invite: [
      '{inviter} vous invite à rejoindre {org} sur AVA',
      'Bonjour,\n\n{inviter} vous invite à rejoindre {org} sur AVA en tant que {role}.\nAccepter l’invitation :\n{url}',
    ],
    sms: 'Votre code AVA est {code}. Il expire dans 5 minutes.',
  },
  he: {
    verify: [
      'אשרו את כתובת האימייל שלכם ב-AVA',
      'שלום {name},\n\nאשרו את כתובת האימייל כדי לסיים את הגדרת AVA:\n{url}\n\nאם לא נרשמתם, התעלמו מהודעה זו.',
    ],
    magic: [
      'קישור הכניסה שלכם ל-AVA',
      'שלום,\n\nהשתמשו בקישור הזה כדי להיכנס ל-AVA. הוא תקף לשימוש אחד ול-5 דקות:\n{url}',
    ],
    reset: [
      'איפוס הסיסמה ב-AVA',
      'שלום {name},\n\nבחרו סיסמה חדשה בקישור הזה (תקף לשעה):\n{url}\n\nאם לא ביקשתם זאת, התעלמו מהודעה זו.',
    ],
    invite: [
      '{inviter} הזמין/ה אתכם להצטרף ל-{org} ב-AVA',
      'שלום,\n\n{inviter} הזמין/ה אתכם להצטרף ל-{org} ב-AVA בתפקיד {role}.\nלקבלת ההזמנה:\n{url}',
    ],
    sms: 'הקוד שלכם ל-AVA הוא {code}. הוא יפוג בעוד 5 דקות.',
  },
} as const;

const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
const lang = (locale: string | null | undefined): Locale =>
  locale === 'fr' || locale === 'he' ? locale : 'en';

type Kind = 'verify' | 'magic' | 'reset' | 'invite';

export function authEmail(
  kind: Kind,
  locale: string | null | undefined,
  to: string,
  vars: Record<string, string>,
): EmailMessage {
  const [subject, body] = t[lang(locale)][kind];
  const text = fill(body, vars);
  const html = `<div dir="${lang(locale) === 'he' ? 'rtl' : 'ltr'}">${text
    .split('\n')
    .map((line) =>
      line.startsWith('http') ? `<p><a href="${line}">${line}</a></p>` : `<p>${escapeHtml(line)}</p>`,
    )
    .join('')}</div>`;
  return { to, subject: fill(subject, vars), text, html };
}

export const smsCode = (locale: string | null | undefined, code: string) =>
  fill(t[lang(locale)].sms, { code });

function escapeHtml(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
