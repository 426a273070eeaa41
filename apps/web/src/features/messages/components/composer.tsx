import { estimateSms, type PhoneNumber } from '@ava/contracts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { Select } from '../../../components/ui/select';
import { Textarea } from '../../../components/ui/textarea';
import { currentLocale } from '../../../i18n/i18n';
import { formatCost } from '../../../lib/format';
import { formatPhone } from '../../../lib/phone';
import { isApiError } from '../../../lib/api-client';
import { translateError, translateFieldError } from '../../../lib/translate-error';
import { TemplatePicker } from '../../templates/components/template-picker';
import { useSendMessage } from '../api/messages';

type Target = { conversationId: string } | { to: string };

/**
 * Writes one text: live segment count, encoding and cost before sending, a sender (the thread's number,
 * another one, or rotation), now or at a time. Each submission carries one idempotency key, so a
 * double click or a retried request never sends twice.
 */
export function Composer({
  orgId,
  target,
  recipient,
  numbers,
  threadNumberId,
  disabledReason,
  onSent,
}: {
  orgId: string;
  target: Target;
  recipient: string;
  numbers: PhoneNumber[];
  threadNumberId: string | null;
  disabledReason?: string | undefined;
  onSent?: (conversationId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const [body, setBody] = useState('');
  const [sender, setSender] = useState<string>('');
  const [later, setLater] = useState('');
  const [templateId, setTemplateId] = useState<string | undefined>();
  const key = useRef(crypto.randomUUID());
  const send = useSendMessage(orgId);
  const senders = numbers.filter((n) => n.source === 'twilio' && n.capabilities.sms);
  const country = parsePhoneNumberFromString(recipient)?.country ?? null;
  const estimate = useMemo(() => (body.trim() ? estimateSms(body.trim(), country) : null), [body, country]);
  const defaultSender =
    threadNumberId ?? (senders.some((n) => n.rotation) ? 'rotation' : (senders[0]?.id ?? ''));
  const chosen = sender || defaultSender;

  const submit = () => {
    if (!body.trim() || disabledReason) return;
    send.mutate(
      {
        ...target,
        body: body.trim(),
        idempotencyKey: key.current,
        ...(chosen ? { phoneNumberId: chosen } : {}),
        ...(later ? { sendAt: new Date(later).toISOString() } : {}),
        ...(templateId ? { templateId } : {}),
      },
      {
        onSuccess: (m) => {
          setBody('');
          setLater('');
          setTemplateId(undefined);
          key.current = crypto.randomUUID();
          onSent?.(m.conversationId);
        },
      },
    );
  };

  if (disabledReason)
    return (
      <div className="border-t border-zinc-200 p-3">
        <Alert tone="warning">{disabledReason}</Alert>
      </div>
    );

  return (
    <form
      className="space-y-2 border-t border-zinc-200 bg-white p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {send.error ? (
        <Alert tone="error">
          {isApiError(send.error, 'VALIDATION_FAILED') && send.error.details[0]
            ? translateFieldError(t, (k) => i18n.exists(k), send.error.details[0])
            : translateError(t, send.error)}
        </Alert>
      ) : null}
      <Textarea
        aria-label={t('messages.composer.label')}
        placeholder={t('messages.composer.placeholder')}
        value={body}
        dir="auto"
        rows={3}
        className="min-h-20"
        onChange={(e) => {
          setBody(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
        }}
      />
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-500">
        <span aria-live="polite" data-testid="segment-count">
          {estimate
            ? t('messages.composer.estimate', {
                count: estimate.segments,
                encoding: estimate.encoding,
                cost: formatCost(estimate.costUsd, currentLocale()),
              })
            : t('messages.composer.empty')}
        </span>
        {estimate?.unicode ? <span className="text-amber-700">{t('messages.composer.unicode')}</span> : null}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-40 flex-1">
          <Select
            aria-label={t('messages.composer.sender')}
            size="sm"
            value={chosen || undefined}
            onValueChange={setSender}
            placeholder={t('messages.composer.noSender')}
            options={[
              ...(senders.some((n) => n.rotation)
                ? [{ value: 'rotation', label: t('messages.composer.rotation') }]
                : []),
              ...senders.map((n) => ({
                value: n.id,
                label: n.label ? `${n.label} · ${formatPhone(n.e164)}` : formatPhone(n.e164),
              })),
            ]}
          />
        </div>
        <label className="flex items-center gap-1 text-xs text-zinc-600">
          <Icon name="clock" className="size-4" aria-hidden />
          <span className="sr-only">{t('messages.composer.later')}</span>
          <Input
            type="datetime-local"
            aria-label={t('messages.composer.later')}
            className="h-8 w-auto text-xs"
            value={later}
            onChange={(e) => setLater(e.target.value)}
          />
        </label>
        <TemplatePicker
          orgId={orgId}
          onPick={(tpl) => {
            setBody(tpl.body);
            setTemplateId(tpl.id);
          }}
        />
        <Button type="submit" size="sm" loading={send.isPending} disabled={!body.trim() || !chosen}>
          <Icon name="send" className="size-4" aria-hidden />
          {later ? t('messages.composer.schedule') : t('messages.composer.send')}
        </Button>
      </div>
      {!senders.length ? (
        <p className="text-xs text-amber-700">{t('messages.composer.noSenderHelp')}</p>
      ) : null}
    </form>
  );
}
