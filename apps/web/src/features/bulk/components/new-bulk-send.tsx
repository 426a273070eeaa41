import type { BulkSend } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardFooter } from '../../../components/ui/card';
import { Icon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { cn } from '../../../lib/cn';
import { translateError, translateFieldError } from '../../../lib/translate-error';
import { useCreateBulk } from '../api/create-bulk';
import { useSendingRules } from '../api/get-sending-rules';
import { usePreviewBulk } from '../api/preview-bulk';
import {
  emptyDraft,
  toBody,
  validateMessage,
  validateRecipients,
  validateTiming,
  type Draft,
  type StepErrors,
} from './draft';
import { MessageStep } from './message-step';
import { PreviewStep } from './preview-step';
import { RecipientsStep } from './recipients-step';
import { TimingStep } from './timing-step';

const steps = ['recipients', 'message', 'timing', 'preview'] as const;

/** The four steps of a bulk send, stacked on phones; the preview is asked for on reaching the last. */
export function NewBulkSend({
  orgId,
  onDone,
  onCancel,
}: {
  orgId: string;
  onDone: (send: BulkSend) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(() =>
    emptyDraft(
      t('bulk.message.defaultName', {
        date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date()),
      }),
    ),
  );
  const [errors, setErrors] = useState<StepErrors>({});
  const rules = useSendingRules(orgId);
  const timeZone = rules.data?.timeZone ?? 'UTC';
  const preview = usePreviewBulk(orgId);
  const create = useCreateBulk(orgId);

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors({});
  };

  const validate = (at: number): StepErrors => {
    if (at === 0) return validateRecipients(draft);
    if (at === 1) return validateMessage(draft);
    if (at === 2) return validateTiming(draft, timeZone);
    return {};
  };

  const goTo = (target: number) => {
    // Forward moves check every step passed over; going back never blocks.
    for (let i = step; i < target; i += 1) {
      const found = validate(i);
      if (Object.keys(found).length > 0) {
        setErrors(found);
        setStep(i);
        return;
      }
    }
    setErrors({});
    setStep(target);
    if (target === 3) preview.mutate(toBody(draft, timeZone));
    else preview.reset();
    create.reset();
  };

  const send = () =>
    create.mutate(toBody(draft, timeZone), {
      onSuccess: (created) => {
        toast.success({
          title:
            created.status === 'scheduled'
              ? t('bulk.new.scheduledToast', { name: created.name })
              : t('bulk.new.sentToast', { name: created.name }),
        });
        onDone(created);
      },
    });

  const names = Object.fromEntries(
    Object.values(draft.contacts)
      .filter((c) => c.name)
      .map((c) => [c.id, c.name!]),
  );
  const serverError = create.error ?? preview.error;

  return (
    <Card>
      <div className="border-b border-zinc-100 px-5 pt-5 pb-4 sm:px-6">
        <h2 className="text-base font-semibold text-zinc-900">{t('bulk.new.title')}</h2>
        <ol
          className="mt-3 flex flex-col gap-1.5 sm:flex-row sm:flex-wrap sm:gap-4"
          aria-label={t('bulk.new.steps')}
        >
          {steps.map((s, i) => (
            <li key={s}>
              <button
                type="button"
                onClick={() => goTo(i)}
                aria-current={i === step ? 'step' : undefined}
                className={cn(
                  'flex items-center gap-2 text-sm',
                  i === step ? 'font-semibold text-indigo-700' : 'text-zinc-500 hover:text-zinc-800',
                )}
              >
                <span
                  className={cn(
                    'flex size-6 items-center justify-center rounded-full text-xs ring-1 ring-inset',
                    i < step
                      ? 'bg-indigo-600 text-white ring-indigo-600'
                      : i === step
                        ? 'text-indigo-700 ring-indigo-600'
                        : 'ring-zinc-300',
                  )}
                >
                  {i < step ? <Icon name="check" className="size-3.5" /> : i + 1}
                </span>
                {t(`bulk.new.step.${s}`)}
              </button>
            </li>
          ))}
        </ol>
      </div>

      <CardContent>
        <section aria-label={t(`bulk.new.step.${steps[step]}`)} className="space-y-4">
          {errors.recipients && (
            <Alert tone="error">{translateFieldError(t, (k) => i18n.exists(k), errors.recipients)}</Alert>
          )}
          {step === 0 && <RecipientsStep orgId={orgId} draft={draft} onChange={change} />}
          {step === 1 && <MessageStep orgId={orgId} draft={draft} errors={errors} onChange={change} />}
          {step === 2 && <TimingStep orgId={orgId} draft={draft} errors={errors} onChange={change} />}
          {step === 3 && (
            <>
              {serverError && <Alert tone="error">{serverErrorText(t, i18n, serverError)}</Alert>}
              {preview.isPending && <Spinner label={t('bulk.preview.loading')} />}
              {preview.data && <PreviewStep preview={preview.data} timeZone={timeZone} names={names} />}
            </>
          )}
        </section>
      </CardContent>

      <CardFooter className="flex-wrap justify-between">
        <Button variant="ghost" onClick={step === 0 ? onCancel : () => goTo(step - 1)}>
          {step === 0 ? t('app.cancel') : t('app.back')}
        </Button>
        {step < 3 ? (
          <Button onClick={() => goTo(step + 1)}>{t('app.continue')}</Button>
        ) : (
          <Button
            onClick={send}
            loading={create.isPending}
            disabled={!preview.data || preview.data.recipients === 0}
          >
            <Icon name="send" className="size-4" />
            {draft.when === 'later' ? t('bulk.new.schedule') : t('bulk.new.send')}
          </Button>
        )}
      </CardFooter>
    </Card>
  );
}

/** Field problems the server found (for example a number it refused) are listed under the error. */
function serverErrorText(
  t: ReturnType<typeof useTranslation>['t'],
  i18n: ReturnType<typeof useTranslation>['i18n'],
  error: unknown,
) {
  if (isApiError(error, 'VALIDATION_FAILED') && error.details.length > 0) {
    const lines = [...new Set(error.details.map((d) => translateFieldError(t, (k) => i18n.exists(k), d)))];
    return (
      <>
        {translateError(t, error)}
        <ul className="mt-1 list-disc ps-5">
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </>
    );
  }
  if (isApiError(error, 'UNPROCESSABLE')) return t('bulk.preview.nobody');
  return translateError(t, error);
}
