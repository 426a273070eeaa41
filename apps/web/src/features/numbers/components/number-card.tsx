import type { PhoneNumber } from '@ava/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card } from '../../../components/ui/card';
import { Icon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { formatPhone } from '../../../lib/phone';
import { translateError, translateProviderReason } from '../../../lib/translate-error';
import { useImportNumber } from '../api/import-number';
import { useRewireNumber } from '../api/rewire-number';
import { flagEmoji, formatMonthlyPrice, regionName } from './format';
import { GuidanceChecklist } from './guidance-checklist';
import { NumberSettingsSheet } from './number-settings-sheet';
import { ReleaseNumberDialog } from './release-number-dialog';
import { reportImport } from './report-number';

function WiringLine({
  label,
  ok,
  text,
  action,
}: {
  label: string;
  ok: boolean | null;
  text: string;
  action?: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="w-16 shrink-0 text-zinc-500">{label}</span>
      <Icon
        name={ok ? 'check-circle' : ok === false ? 'alert' : 'circle'}
        className={
          ok ? 'size-4 text-emerald-500' : ok === false ? 'size-4 text-amber-500' : 'size-4 text-zinc-300'
        }
      />
      <span className="text-zinc-800">{text}</span>
      {action}
    </div>
  );
}

/** One number: where it is, what it can do, where its texts and calls go, and what to do next. */
export function NumberCard({
  orgId,
  number,
  canManage,
  assistantId,
}: {
  orgId: string;
  number: PhoneNumber;
  canManage: boolean;
  assistantId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const rewire = useRewireNumber(orgId);
  const importer = useImportNumber(orgId);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [releaseOpen, setReleaseOpen] = useState(false);
  const shown = formatPhone(number.e164);
  const place = [number.locality, number.region, regionName(i18n.language, number.country)]
    .filter(Boolean)
    .join(', ');
  const price = formatMonthlyPrice(t, i18n.language, number.monthlyPrice);
  const issue = number.importIssue;

  const fix = () =>
    rewire.mutate(number.id, {
      onSuccess: () => toast.success({ title: t('numbers.rewiredToast', { number: shown }) }),
      onError: (error) => toast.error({ title: translateError(t, error) }),
    });
  const connect = () =>
    importer.mutate(
      { id: number.id, assistantId: number.assistantId ?? assistantId },
      {
        onSuccess: (updated) => reportImport(t, toast, updated),
        onError: (error) =>
          toast.error({
            title: t('numbers.importFailedToast', { number: shown }),
            description: translateError(t, error),
          }),
      },
    );

  return (
    <Card
      className="p-5"
      data-testid="number-card"
      data-number={number.e164}
      data-import={number.importStatus}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex items-center gap-2 text-lg font-semibold text-zinc-900">
            <span aria-hidden="true">{flagEmoji(number.country)}</span>
            <span dir="ltr" className="tabular-nums" data-testid="number-e164">
              {shown}
            </span>
          </p>
          {number.label && <p className="text-sm font-medium text-zinc-700">{number.label}</p>}
          {place && <p className="text-sm text-zinc-500">{place}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          {number.capabilities.voice && <Badge tone="indigo">{t('numbers.cap.voice')}</Badge>}
          {number.capabilities.sms && <Badge tone="indigo">{t('numbers.cap.sms')}</Badge>}
          {number.capabilities.mms && <Badge tone="indigo">{t('numbers.cap.mms')}</Badge>}
          <Badge>{number.source === 'vapi' ? t('numbers.source.vapi') : t('numbers.source.twilio')}</Badge>
          {price && <span className="text-xs text-zinc-500">{price}</span>}
        </div>
      </div>

      <div
        className="mt-4 space-y-2 rounded-lg bg-zinc-50/80 px-4 py-3 ring-1 ring-zinc-100 ring-inset"
        data-testid="wiring"
      >
        {number.source === 'twilio' ? (
          <WiringLine
            label={t('numbers.wiring.sms')}
            ok={number.wiring.sms === 'ava'}
            text={
              number.wiring.sms === 'ava'
                ? t('numbers.wiring.smsAva')
                : number.wiring.sms === 'other'
                  ? t('numbers.wiring.smsOther')
                  : t('numbers.wiring.smsNone')
            }
            action={
              number.wiring.sms !== 'ava' && canManage ? (
                <Button size="sm" variant="secondary" loading={rewire.isPending} onClick={fix}>
                  {t('numbers.wiring.fix')}
                </Button>
              ) : undefined
            }
          />
        ) : (
          <WiringLine label={t('numbers.wiring.sms')} ok={null} text={t('numbers.wiring.smsVapi')} />
        )}
        <WiringLine
          label={t('numbers.wiring.voice')}
          ok={number.wiring.voice === 'vapi'}
          text={
            number.wiring.voice === 'vapi'
              ? t('numbers.wiring.voiceReceptionist')
              : number.wiring.voice === 'other'
                ? t('numbers.wiring.voiceOther')
                : t('numbers.wiring.voiceNone')
          }
        />
      </div>

      <div className="mt-4 space-y-3" data-testid="import-status">
        {number.importStatus === 'imported' && (
          <p className="flex items-center gap-2 text-sm font-medium text-emerald-700">
            <Icon name="check-circle" className="size-4" />
            {t('numbers.import.imported')}
          </p>
        )}
        {number.importStatus === 'imported' && issue?.kind === 'warning' && (
          <p className="text-sm text-amber-800">{translateProviderReason(t, issue.reason, issue.message)}</p>
        )}
        {number.importStatus === 'pending' && (
          <p className="flex items-center gap-2 text-sm text-zinc-600">
            <Spinner className="size-4 text-zinc-400" />
            {t('numbers.import.pending')}
          </p>
        )}
        {number.importStatus === 'none' && !issue && (
          <p className="text-sm text-zinc-600">{t('numbers.import.none')}</p>
        )}
        {issue?.kind === 'guidance' && issue.steps.length > 0 && number.importStatus !== 'imported' && (
          <GuidanceChecklist steps={issue.steps} />
        )}
        {issue?.kind === 'error' && number.importStatus !== 'imported' && (
          <div
            className="rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-red-200 ring-inset"
            role="alert"
          >
            <p className="font-medium">{t('numbers.import.failed')}</p>
            <p className="mt-0.5">
              {translateProviderReason(t, issue.reason, issue.message, issue.retryable)}
            </p>
          </div>
        )}
      </div>

      {canManage && (
        <div className="mt-4 flex flex-wrap justify-end gap-2 border-t border-zinc-100 pt-4">
          <Button
            variant="ghost"
            size="sm"
            className="me-auto text-red-600"
            onClick={() => setReleaseOpen(true)}
          >
            <Icon name="trash" className="size-4" />
            {t('numbers.release')}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setSettingsOpen(true)}>
            <Icon name="settings" className="size-4" />
            {t('numbers.settings')}
          </Button>
          {number.importStatus !== 'imported' && number.source === 'twilio' && (
            <Button size="sm" loading={importer.isPending} onClick={connect}>
              <Icon name="phone" className="size-4" />
              {number.importStatus === 'failed' ? t('numbers.retryConnect') : t('numbers.connect')}
            </Button>
          )}
        </div>
      )}
      <NumberSettingsSheet orgId={orgId} number={number} open={settingsOpen} onOpenChange={setSettingsOpen} />
      <ReleaseNumberDialog orgId={orgId} number={number} open={releaseOpen} onOpenChange={setReleaseOpen} />
    </Card>
  );
}
