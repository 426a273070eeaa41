import { Tabs } from 'radix-ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Card } from '../../../components/ui/card';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { cn } from '../../../lib/cn';
import { useAuthConfig } from '../../auth/api/get-auth-config';
import { useHandsetSettings } from '../hooks/use-handset-settings';
import { useSimulatedCall } from '../hooks/use-simulated-call';
import { HandsetCall } from './handset-call';
import { HandsetMessages } from './handset-messages';
import { PhoneFrame } from './phone-frame';

type Tab = 'messages' | 'call';

const tabClasses =
  'flex flex-1 items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-xs font-semibold text-zinc-500 transition hover:text-zinc-800 data-[state=active]:bg-white data-[state=active]:text-zinc-900 data-[state=active]:shadow-xs';

function Settings({ settings }: { settings: ReturnType<typeof useHandsetSettings> }) {
  const { t } = useTranslation();
  const handsetError =
    settings.handset === null ? { type: 'custom', message: 'validation.phone' } : undefined;
  const toError =
    settings.toInput.trim() && settings.to === null
      ? { type: 'custom', message: 'validation.phone' }
      : undefined;
  return (
    <Card className="p-5 sm:p-6">
      <div className="space-y-5">
        <FormField
          id="handset-number"
          label={t('simulator.handset')}
          hint={t('simulator.handsetHint')}
          error={handsetError}
        >
          {(props) => (
            <Input
              {...props}
              value={settings.handsetInput}
              onChange={(e) => settings.changeHandset(e.target.value)}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              dir="ltr"
            />
          )}
        </FormField>
        <FormField id="ava-number" label={t('simulator.to')} hint={t('simulator.toHint')} error={toError}>
          {(props) => (
            <Input
              {...props}
              value={settings.toInput}
              onChange={(e) => settings.changeTo(e.target.value)}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder={t('simulator.toPlaceholder')}
              dir="ltr"
            />
          )}
        </FormField>
      </div>
      <ul className="mt-6 space-y-3 border-t border-zinc-100 pt-5 text-sm text-zinc-600">
        {(['tipMessages', 'tipCall', 'tipCodes'] as const).map((key, index) => (
          <li key={key} className="flex gap-3">
            <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-700 ring-1 ring-amber-200">
              <Icon name={(['message', 'phone', 'key'] as const)[index] ?? 'info'} className="size-3.5" />
            </span>
            <span>{t(`simulator.${key}`)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A virtual mobile phone to text and call AVA numbers in the offline sandbox. */
export function PhoneSimulator() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  const settings = useHandsetSettings();
  const call = useSimulatedCall();
  const [tab, setTab] = useState<Tab>('messages');
  const onCall = call.status === 'live' || call.status === 'dialing';

  return (
    <div className="mx-auto w-full max-w-6xl">
      <div className="mb-6 min-w-0 sm:mb-8">
        <h1 className="flex flex-wrap items-center gap-2.5 text-2xl font-semibold tracking-tight text-zinc-900">
          {t('simulator.title')}
          <Badge tone="amber">
            <Icon name="flask" className="size-3" />
            {t('simulator.badge')}
          </Badge>
        </h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-500">{t('simulator.subtitle')}</p>
      </div>
      {config.data && !config.data.outbox ? (
        <Alert tone="warning">{t('simulator.unavailable')}</Alert>
      ) : (
        <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)] lg:gap-10">
          <Settings settings={settings} />
          <PhoneFrame number={settings.handset}>
            <Tabs.Root
              value={tab}
              onValueChange={(v) => setTab(v as Tab)}
              className="flex min-h-0 flex-1 flex-col"
            >
              <Tabs.List
                aria-label={t('simulator.title')}
                className="mx-4 mb-2 flex shrink-0 gap-1 rounded-lg bg-zinc-100 p-1"
              >
                <Tabs.Trigger value="messages" className={tabClasses}>
                  <Icon name="message" className="size-3.5" />
                  {t('simulator.tabs.messages')}
                </Tabs.Trigger>
                <Tabs.Trigger value="call" className={tabClasses}>
                  <Icon name="phone" className={cn('size-3.5', onCall && 'text-emerald-600')} />
                  {t('simulator.tabs.call')}
                  {onCall && <span className="size-1.5 rounded-full bg-emerald-500" aria-hidden="true" />}
                </Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="messages" className="flex min-h-0 flex-1 flex-col focus:outline-none">
                <HandsetMessages key={`${settings.handset}`} handset={settings.handset} to={settings.to} />
              </Tabs.Content>
              <Tabs.Content value="call" className="flex min-h-0 flex-1 flex-col focus:outline-none">
                <HandsetCall call={call} handset={settings.handset} to={settings.to} />
              </Tabs.Content>
            </Tabs.Root>
          </PhoneFrame>
        </div>
      )}
    </div>
  );
}
