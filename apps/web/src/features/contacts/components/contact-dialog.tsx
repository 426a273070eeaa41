import type { Contact } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { Textarea } from '../../../components/ui/textarea';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { useCreateContact } from '../api/create-contact';
import { useUpdateContact } from '../api/update-contact';
import { contactErrorMessage, countryName } from './contact-errors';

type Field = 'e164' | 'name' | 'email' | 'tags' | 'notes';
type FieldErrors = Partial<Record<Field, { type?: string; message?: string }>>;

const splitTags = (value: string) => [
  ...new Set(
    value
      .split(/[,;|]/)
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];

/** The server's field errors ("body.email", "body.tags.2") on the form's fields. */
function fieldErrors(error: unknown): FieldErrors {
  if (!isApiError(error, 'VALIDATION_FAILED')) return {};
  const out: FieldErrors = {};
  for (const issue of error.details) {
    const field = issue.path.replace(/^body\./, '').split('.')[0] as Field;
    if (['e164', 'name', 'email', 'tags', 'notes'].includes(field) && !out[field])
      out[field] = { type: issue.code, message: issue.message };
  }
  return out;
}

/** Add or edit a contact; in edit, also mark it opted out (never back in: only the contact can). */
export function ContactDialog({
  orgId,
  contact,
  country,
  knownTags,
  onOpenContact,
  onClose,
}: {
  orgId: string;
  contact: Contact | null;
  /** the org's country, for reading national numbers; null when not set */
  country: string | null;
  knownTags: string[];
  /** switch to another contact (the one that already has the number typed) */
  onOpenContact: (id: string) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [phone, setPhone] = useState(contact ? formatPhone(contact.e164) : '');
  const [name, setName] = useState(contact?.name ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [tags, setTags] = useState(contact?.tags.join(', ') ?? '');
  const [notes, setNotes] = useState(contact?.notes ?? '');
  const [requiredError, setRequiredError] = useState(false);
  const [confirmOptOut, setConfirmOptOut] = useState(false);
  const create = useCreateContact(orgId);
  const update = useUpdateContact(orgId);
  const optOut = useUpdateContact(orgId);
  const error = create.error ?? update.error;
  const mapped = fieldErrors(error);
  const errors: FieldErrors = {
    ...mapped,
    ...(requiredError ? { e164: { message: 'validation.required' } } : {}),
  };
  const generalError = error && Object.keys(mapped).length === 0 ? error : null;
  const duplicateId = isApiError(error, 'CONFLICT')
    ? ((error.details[0] as { contactId?: string } | undefined)?.contactId ?? null)
    : null;

  const current = splitTags(tags);
  const suggestions = knownTags.filter((tag) => !current.includes(tag)).slice(0, 12);
  const display = contact?.name || (contact ? formatPhone(contact.e164) : '');

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!phone.trim()) {
      setRequiredError(true);
      return;
    }
    setRequiredError(false);
    const body = { e164: phone, name, email, notes, tags: current };
    if (contact)
      update.mutate(
        { id: contact.id, body },
        {
          onSuccess: () => {
            toast.success({ title: t('contacts.form.saved') });
            onClose();
          },
        },
      );
    else
      create.mutate(body, {
        onSuccess: () => {
          toast.success({ title: t('contacts.form.created') });
          onClose();
        },
      });
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent title={contact ? t('contacts.form.editTitle') : t('contacts.form.newTitle')}>
        <form onSubmit={submit} className="space-y-3" noValidate>
          {duplicateId ? (
            <Alert tone="error">
              <p>{t('contacts.errors.duplicate')}</p>
              <Button
                size="sm"
                variant="secondary"
                className="mt-2"
                onClick={() => onOpenContact(duplicateId)}
              >
                {t('contacts.errors.openExisting')}
              </Button>
            </Alert>
          ) : (
            generalError && <Alert tone="error">{contactErrorMessage(t, i18n, generalError)}</Alert>
          )}
          {contact?.optedOut && (
            <Alert
              tone="warning"
              title={t('contacts.optOut.since', { date: formatDateTime(contact.optedOutAt, i18n.language) })}
            >
              {t('contacts.optOut.explanation')}
            </Alert>
          )}
          <FormField
            id="contact-phone"
            label={t('contacts.form.phone')}
            error={errors.e164}
            hint={
              country
                ? t('contacts.form.phoneHintCountry', { country: countryName(country, i18n.language) })
                : t('contacts.form.phoneHintNoCountry')
            }
          >
            {(props) => (
              <Input
                {...props}
                type="tel"
                dir="ltr"
                // The opt-out belongs to this number: the server refuses to change it.
                disabled={contact?.optedOut}
                autoComplete="off"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                className="text-start"
              />
            )}
          </FormField>
          <FormField id="contact-name" label={t('contacts.form.name')} error={errors.name} optional>
            {(props) => <Input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
          </FormField>
          <FormField id="contact-email" label={t('contacts.form.email')} error={errors.email} optional>
            {(props) => (
              <Input
                {...props}
                type="email"
                dir="ltr"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                className="text-start"
              />
            )}
          </FormField>
          <FormField
            id="contact-tags"
            label={t('contacts.form.tags')}
            error={errors.tags}
            hint={t('contacts.form.tagsHint')}
            optional
          >
            {(props) => <Input {...props} value={tags} onChange={(e) => setTags(e.target.value)} />}
          </FormField>
          {suggestions.length > 0 && (
            <div className="-mt-1 flex flex-wrap gap-1.5">
              {suggestions.map((tag) => (
                <button
                  key={tag}
                  type="button"
                  aria-label={t('contacts.form.addTag', { tag })}
                  onClick={() => setTags([...current, tag].join(', '))}
                  className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-200"
                >
                  + {tag}
                </button>
              ))}
            </div>
          )}
          <FormField id="contact-notes" label={t('contacts.form.notes')} error={errors.notes} optional>
            {(props) => (
              <Textarea {...props} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
            )}
          </FormField>
          {contact && Object.keys(contact.fields).length > 0 && (
            <div className="text-sm">
              <p className="font-medium text-zinc-800">{t('contacts.form.fields')}</p>
              <p className="text-xs text-zinc-500">
                {t('contacts.form.fieldsHint', { example: `{${Object.keys(contact.fields)[0]}}` })}
              </p>
              <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                {Object.entries(contact.fields).map(([key, value]) => (
                  <div key={key} className="contents">
                    <dt dir="ltr" className="font-mono text-xs text-zinc-500">{`{${key}}`}</dt>
                    <dd className="truncate text-zinc-800">{value}</dd>
                  </div>
                ))}
              </dl>
            </div>
          )}
          {contact && !contact.optedOut && confirmOptOut && (
            <Alert tone="warning" title={t('contacts.optOut.markTitle')}>
              <p>{t('contacts.optOut.markBody', { name: display })}</p>
              <div className="mt-3 flex flex-wrap gap-2">
                <Button
                  size="sm"
                  variant="danger"
                  loading={optOut.isPending}
                  onClick={() =>
                    optOut.mutate(
                      { id: contact.id, body: { optedOut: true } },
                      {
                        onSuccess: () => {
                          toast.success({ title: t('contacts.optOut.done') });
                          onClose();
                        },
                      },
                    )
                  }
                >
                  {t('contacts.optOut.confirm')}
                </Button>
                <Button size="sm" variant="secondary" onClick={() => setConfirmOptOut(false)}>
                  {t('app.cancel')}
                </Button>
              </div>
            </Alert>
          )}
          {optOut.error && <Alert tone="error">{contactErrorMessage(t, i18n, optOut.error)}</Alert>}
          <div className="flex flex-wrap justify-between gap-2 pt-2">
            {contact && !contact.optedOut && !confirmOptOut ? (
              <Button variant="ghost" onClick={() => setConfirmOptOut(true)}>
                {t('contacts.optOut.mark')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={create.isPending || update.isPending}>
              {contact ? t('app.save') : t('contacts.new')}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
