import type { Me, PhoneNumber } from '@ava/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/ui/alert';
import { Badge } from '../components/ui/badge';
import { Button } from '../components/ui/button';
import { Card } from '../components/ui/card';
import { FormField } from '../components/ui/form-field';
import { Icon, type IconName } from '../components/ui/icons';
import { Input } from '../components/ui/input';
import { Logo } from '../components/ui/logo';
import { SegmentedChoice } from '../components/segmented-choice';
import { NativeSelect } from '../components/ui/select';
import { Spinner } from '../components/ui/spinner';
import { Textarea } from '../components/ui/textarea';
import { useAssistants } from '../features/assistants/api/list-assistants';
import { useCreateAssistant } from '../features/assistants/api/create-assistant';
import { useUpdateAssistant } from '../features/assistants/api/update-assistant';
import { callQueryOptions } from '../features/calls/api/get-call';
import { listCalls } from '../features/calls/api/list-calls';
import { Transcript } from '../features/calls/components/call-detail';
import { useBuyVapiNumber } from '../features/numbers/api/buy-vapi-number';
import { numbersQueryOptions } from '../features/numbers/api/list-numbers';
import { NumberSearchCard } from '../features/numbers/components/number-search';
import { usePreset, type Industry, type Tone } from '../features/onboarding/api/get-preset';
import { useUpdateOnboarding } from '../features/onboarding/api/update-onboarding';
import {
  advance,
  back,
  numberCountry,
  resumeStep,
  skippable,
  stepKey,
  steps,
  TOTAL_STEPS,
  voices,
  type Progress,
} from '../features/onboarding/components/wizard';
import { useOrg } from '../features/orgs/api/get-org';
import { useUpdateOrg } from '../features/orgs/api/update-org';
import { HandsetCall } from '../features/sandbox/components/handset-call';
import { useSimulatedCall } from '../features/sandbox/hooks/use-simulated-call';
import { useConnectSandboxCredentials } from '../features/telephony/api/connect-sandbox-credentials';
import { useCredentials } from '../features/telephony/api/get-credentials';
import { useSaveTwilioCredentials } from '../features/telephony/api/save-twilio-credentials';
import { useSaveVapiCredentials } from '../features/telephony/api/save-vapi-credentials';
import { cn } from '../lib/cn';
import { formatPhone } from '../lib/phone';
import { translateError } from '../lib/translate-error';

const industryIcons: Record<Industry, IconName> = {
  health: 'shield',
  beauty: 'sparkles',
  legal: 'key',
  consulting: 'users',
  retail: 'building',
  'real-estate': 'home',
  other: 'hash',
};
const industryList = Object.keys(industryIcons) as Industry[];
const tonesList: Tone[] = ['professional', 'warm', 'dynamic'];
const SANDBOX_CALLER = '+14155550123';
const langOf = (locale: string): 'en' | 'fr' | 'he' => (locale === 'fr' || locale === 'he' ? locale : 'en');

type Choices = { industry?: Industry };
const CHOICES_KEY = 'ava.onboarding';
function readChoices(): Choices {
  try {
    return JSON.parse(sessionStorage.getItem(CHOICES_KEY) ?? '{}') as Choices;
  } catch {
    return {};
  }
}
function writeChoices(choices: Choices) {
  try {
    sessionStorage.setItem(CHOICES_KEY, JSON.stringify(choices));
  } catch {
    // not remembered: the assistant (once created) still holds the industry
  }
}

function StepShell({
  title,
  body,
  children,
  footer,
}: {
  title: string;
  body?: string;
  children?: React.ReactNode;
  footer?: React.ReactNode;
}) {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-balance text-zinc-900">{title}</h1>
      {body && <p className="mt-2 text-sm text-zinc-500">{body}</p>}
      <div className="mt-6">{children}</div>
      {footer && <div className="mt-8 flex flex-wrap items-center justify-between gap-3">{footer}</div>}
    </div>
  );
}

function SkipButton({ step, onSkip }: { step: keyof typeof skippable; onSkip: () => void }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState(false);
  if (!confirm)
    return (
      <Button variant="ghost" onClick={() => setConfirm(true)}>
        {t('onboarding.later')}
      </Button>
    );
  return (
    <div className="w-full">
      <Alert tone="warning" className="mb-3">
        {t(skippable[step]!)}
      </Alert>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={onSkip}>
          {t('onboarding.skipAnyway')}
        </Button>
        <Button variant="ghost" onClick={() => setConfirm(false)}>
          {t('app.cancel')}
        </Button>
      </div>
    </div>
  );
}

// ---------- step 1 ----------
function WelcomeStep({ me, onNext }: { me: Me; onNext: () => void }) {
  const { t } = useTranslation();
  const firstName = me.user.name.trim().split(/\s+/)[0] ?? me.user.name;
  return (
    <StepShell
      title={t('onboarding.welcome.title', { name: firstName })}
      body={t('onboarding.welcome.body')}
      footer={
        <Button size="lg" onClick={onNext} className="ms-auto">
          {t('onboarding.welcome.start')}
          <Icon name="arrow-right" className="size-4 rtl:rotate-180" />
        </Button>
      }
    >
      <Card className="space-y-2.5 p-5" aria-label={t('onboarding.welcome.preview')}>
        <p className="text-xs font-medium text-zinc-400">{t('onboarding.welcome.preview')}</p>
        <p className="w-fit max-w-[85%] rounded-2xl rounded-ss-md bg-zinc-100 px-3.5 py-2 text-sm">
          {t('onboarding.welcome.callerLine')}
        </p>
        <p className="ms-auto w-fit max-w-[85%] rounded-2xl rounded-se-md bg-indigo-600 px-3.5 py-2 text-sm text-white">
          {t('onboarding.welcome.avaLine')}
        </p>
        <ul className="mt-4 grid gap-2 text-sm text-zinc-600 sm:grid-cols-3">
          {(['point1', 'point2', 'point3'] as const).map((p) => (
            <li key={p} className="flex items-start gap-2">
              <Icon name="check-circle" className="mt-0.5 size-4 shrink-0 text-emerald-500" />
              {t(`onboarding.welcome.${p}`)}
            </li>
          ))}
        </ul>
      </Card>
    </StepShell>
  );
}

// ---------- step 2 ----------
function CredentialsForms({ orgId, needTwilio }: { orgId: string; needTwilio: boolean }) {
  const { t } = useTranslation();
  const credentials = useCredentials(orgId);
  const saveTwilio = useSaveTwilioCredentials(orgId);
  const saveVapi = useSaveVapiCredentials(orgId);
  const [sid, setSid] = useState('');
  const [token, setToken] = useState('');
  const [key, setKey] = useState('');
  const hasTwilio = Boolean(credentials.data?.twilio);
  const hasVapi = Boolean(credentials.data?.vapi);
  return (
    <div className="space-y-4">
      <Alert tone="info">
        {t('onboarding.number.guide')}{' '}
        <Link to="/settings/telephony" className="font-medium underline">
          {t('onboarding.number.guideLink')}
        </Link>
      </Alert>
      {needTwilio && !hasTwilio && (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            saveTwilio.mutate({ accountSid: sid.trim(), authToken: token.trim() });
          }}
        >
          {saveTwilio.error && <Alert tone="error">{translateError(t, saveTwilio.error)}</Alert>}
          <FormField id="ob-sid" label={t('onboarding.number.accountSid')}>
            {(props) => <Input {...props} dir="ltr" value={sid} onChange={(e) => setSid(e.target.value)} />}
          </FormField>
          <FormField id="ob-token" label={t('onboarding.number.authToken')}>
            {(props) => (
              <Input
                {...props}
                dir="ltr"
                type="password"
                value={token}
                onChange={(e) => setToken(e.target.value)}
              />
            )}
          </FormField>
          <Button type="submit" variant="secondary" loading={saveTwilio.isPending}>
            {t('onboarding.number.saveTwilio')}
          </Button>
        </form>
      )}
      {!hasVapi && (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            saveVapi.mutate({ privateKey: key.trim() });
          }}
        >
          {saveVapi.error && <Alert tone="error">{translateError(t, saveVapi.error)}</Alert>}
          <FormField id="ob-vapi" label={t('onboarding.number.vapiKey')}>
            {(props) => (
              <Input
                {...props}
                dir="ltr"
                type="password"
                value={key}
                onChange={(e) => setKey(e.target.value)}
              />
            )}
          </FormField>
          <Button type="submit" variant="secondary" loading={saveVapi.isPending}>
            {t('onboarding.number.saveVapi')}
          </Button>
        </form>
      )}
    </div>
  );
}

function NumberStep({
  me,
  orgId,
  onNext,
  onSkip,
  onBack,
}: {
  me: Me;
  orgId: string;
  onNext: () => void;
  onSkip: () => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const org = useOrg(orgId);
  const credentials = useCredentials(orgId);
  const numbers = useQuery(numbersQueryOptions(orgId));
  const connect = useConnectSandboxCredentials(orgId);
  const buyFree = useBuyVapiNumber(orgId);
  const detected = numberCountry({
    orgCountry: org.data?.country,
    phoneNumber: me.user.phoneNumber,
    browserLanguage: typeof navigator === 'undefined' ? undefined : navigator.language,
  });
  const [country, setCountry] = useState<string | null>(null);
  const shownCountry = country ?? detected;
  const [areaCode, setAreaCode] = useState('');
  const [areaError, setAreaError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sandbox = credentials.data?.sandboxAvailable === true;
  const hasTwilio = Boolean(credentials.data?.twilio);
  const hasVapi = Boolean(credentials.data?.vapi);
  const number = numbers.data?.numbers[0];
  const us = shownCountry === 'US';

  const connectSandbox = async (providers: ('vapi' | 'twilio')[]) => {
    for (const provider of providers) if (!credentials.data?.[provider]) await connect.mutateAsync(provider);
  };

  const getFreeNumber = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!/^\d{3}$/.test(areaCode)) return setAreaError(true);
    setAreaError(false);
    setBusy(true);
    setError(null);
    try {
      if (sandbox) await connectSandbox(['vapi', 'twilio']);
      await buyFree.mutateAsync({ areaCode });
      await numbers.refetch();
      onNext();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const connectSandboxAccounts = async () => {
    setBusy(true);
    setError(null);
    try {
      await connectSandbox(['twilio', 'vapi']);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <StepShell
      title={t('onboarding.number.title')}
      body={t('onboarding.number.body')}
      footer={
        <>
          <Button variant="ghost" onClick={onBack}>
            {t('app.back')}
          </Button>
          <div className="flex flex-1 flex-wrap justify-end gap-2">
            {!number && <SkipButton step="number" onSkip={onSkip} />}
            {number && <Button onClick={onNext}>{t('app.continue')}</Button>}
          </div>
        </>
      }
    >
      {numbers.isPending || credentials.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : number ? (
        <Card className="flex items-center gap-3 p-5" data-testid="onboarding-number">
          <Icon name="check-circle" className="size-6 text-emerald-500" />
          <div>
            <p className="text-sm text-zinc-500">{t('onboarding.number.yours')}</p>
            <bdi dir="ltr" className="text-lg font-semibold text-zinc-900">
              {formatPhone(number.e164)}
            </bdi>
          </div>
        </Card>
      ) : (
        <div className="space-y-5">
          <label className="flex flex-wrap items-center gap-2 text-sm text-zinc-700">
            {t('onboarding.number.country')}
            <NativeSelect
              value={shownCountry}
              onChange={(e) => setCountry(e.target.value)}
              className="w-auto"
              aria-label={t('onboarding.number.country')}
            >
              {[...new Set([detected, 'US', 'FR', 'IL', 'GB', 'CA', 'BE', 'CH'])].map((c) => (
                <option key={c} value={c}>
                  {new Intl.DisplayNames([i18n.language], { type: 'region' }).of(c) ?? c}
                </option>
              ))}
            </NativeSelect>
          </label>
          {error !== null && <Alert tone="error">{translateError(t, error)}</Alert>}
          {us ? (
            <Card className="p-5">
              <div className="flex items-center gap-2">
                <p className="font-semibold text-zinc-900">{t('onboarding.number.freeTitle')}</p>
                <Badge tone="green">{t('onboarding.number.recommended')}</Badge>
              </div>
              <p className="mt-1 text-sm text-zinc-500">
                {sandbox ? t('onboarding.number.freeSandboxBody') : t('onboarding.number.freeBody')}
              </p>
              {!sandbox && !hasVapi ? (
                <div className="mt-4">
                  <CredentialsForms orgId={orgId} needTwilio={false} />
                </div>
              ) : (
                <form
                  onSubmit={(e) => void getFreeNumber(e)}
                  noValidate
                  className="mt-4 flex flex-wrap items-end gap-3"
                >
                  <FormField
                    id="ob-area"
                    label={t('onboarding.number.areaCode')}
                    error={areaError ? { message: 'validation.areaCode' } : undefined}
                  >
                    {(props) => (
                      <Input
                        {...props}
                        inputMode="numeric"
                        dir="ltr"
                        maxLength={3}
                        placeholder="415"
                        className="w-28"
                        value={areaCode}
                        onChange={(e) => setAreaCode(e.target.value.trim())}
                      />
                    )}
                  </FormField>
                  <Button type="submit" loading={busy}>
                    {t('onboarding.number.getFree')}
                  </Button>
                </form>
              )}
            </Card>
          ) : !hasTwilio || !hasVapi ? (
            <Card className="space-y-4 p-5">
              <p className="font-semibold text-zinc-900">{t('onboarding.number.twilioTitle')}</p>
              <p className="text-sm text-zinc-500">{t('onboarding.number.twilioBody')}</p>
              {sandbox && (
                <Button onClick={() => void connectSandboxAccounts()} loading={busy}>
                  <Icon name="flask" className="size-4" />
                  {t('onboarding.number.useSandbox')}
                </Button>
              )}
              <CredentialsForms orgId={orgId} needTwilio />
            </Card>
          ) : (
            <NumberSearchCard orgId={orgId} defaultCountry={shownCountry} />
          )}
        </div>
      )}
    </StepShell>
  );
}

// ---------- step 3 ----------
function IndustryStep({
  selected,
  onPick,
  onSkip,
  onBack,
}: {
  selected?: Industry;
  onPick: (industry: Industry) => void;
  onSkip: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <StepShell
      title={t('onboarding.industry.title')}
      body={t('onboarding.industry.body')}
      footer={
        <>
          <Button variant="ghost" onClick={onBack}>
            {t('app.back')}
          </Button>
          <SkipButton step="industry" onSkip={onSkip} />
        </>
      }
    >
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {industryList.map((industry) => (
          <button
            key={industry}
            type="button"
            onClick={() => onPick(industry)}
            aria-pressed={selected === industry}
            className={cn(
              'flex flex-col items-center gap-2 rounded-xl bg-white p-4 text-center text-sm font-medium text-zinc-800 ring-1 ring-zinc-200 hover:ring-indigo-400',
              selected === industry && 'ring-2 ring-indigo-600',
            )}
          >
            <span className="flex size-10 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
              <Icon name={industryIcons[industry]} className="size-5" />
            </span>
            {t(`onboarding.industries.${industry}`)}
          </button>
        ))}
      </div>
    </StepShell>
  );
}

// ---------- step 4 ----------
function speak(text: string, lang: string, voiceId: string) {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return false;
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = voiceId.split('-').slice(0, 2).join('-') || lang;
  const match = window.speechSynthesis.getVoices().find((v) => v.lang.startsWith(lang));
  if (match) utterance.voice = match;
  window.speechSynthesis.speak(utterance);
  return true;
}

function CustomiseStep({
  me,
  orgId,
  industry,
  onDone,
  onBack,
}: {
  me: Me;
  orgId: string;
  industry: Industry;
  onDone: () => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = langOf(i18n.language);
  const org = useOrg(orgId);
  const assistants = useAssistants(orgId);
  const existing = assistants.data?.[0];
  const [business, setBusiness] = useState<string | null>(null);
  const [tone, setTone] = useState<Tone | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [voiceId, setVoiceId] = useState<string | null>(null);
  const [greeting, setGreeting] = useState<string | null>(null);
  const orgName = me.orgs.find((o) => o.id === orgId)?.name ?? org.data?.name ?? '';
  const shownBusiness = business ?? orgName;
  const shownTone = tone ?? existing?.tone ?? 'warm';
  const [debouncedBusiness, setDebouncedBusiness] = useState(shownBusiness);
  useEffect(() => {
    const id = setTimeout(() => setDebouncedBusiness(shownBusiness), 400);
    return () => clearTimeout(id);
  }, [shownBusiness]);
  const preset = usePreset({
    industry,
    language,
    business: debouncedBusiness.trim() || undefined,
    tone: shownTone,
  });
  const createAssistant = useCreateAssistant(orgId);
  const updateAssistant = useUpdateAssistant(orgId);
  const updateOrg = useUpdateOrg(orgId);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const voiceOptions = voices[language];
  const shownName = name ?? preset.data?.name ?? existing?.name ?? '';
  const shownVoice = voiceId ?? preset.data?.voice.voiceId ?? voiceOptions[0]!.voiceId;
  const shownGreeting = greeting ?? preset.data?.firstMessage ?? existing?.firstMessage ?? '';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!preset.data || !shownName.trim() || !shownGreeting.trim()) return;
    setSaving(true);
    setError(null);
    try {
      if (shownBusiness.trim() && shownBusiness.trim() !== orgName)
        await updateOrg.mutateAsync({ name: shownBusiness.trim() });
      const body = {
        name: shownName.trim(),
        firstMessage: shownGreeting.trim(),
        systemPrompt: preset.data.systemPrompt,
        voice: { provider: preset.data.voice.provider, voiceId: shownVoice },
        language,
        tone: shownTone,
        industry,
      };
      if (existing) await updateAssistant.mutateAsync({ id: existing.id, body });
      else await createAssistant.mutateAsync(body);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <StepShell
        title={t('onboarding.customise.title')}
        body={t('onboarding.customise.body')}
        footer={
          <>
            <Button variant="ghost" onClick={onBack}>
              {t('app.back')}
            </Button>
            <Button type="submit" loading={saving} disabled={!preset.data}>
              {t('onboarding.customise.create')}
            </Button>
          </>
        }
      >
        {error !== null && (
          <Alert tone="error" className="mb-4">
            {translateError(t, error)}
          </Alert>
        )}
        {preset.error && (
          <Alert tone="error" className="mb-4">
            {translateError(t, preset.error)}
          </Alert>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="ob-business" label={t('onboarding.customise.business')}>
            {(props) => (
              <Input {...props} value={shownBusiness} onChange={(e) => setBusiness(e.target.value)} />
            )}
          </FormField>
          <FormField id="ob-name" label={t('onboarding.customise.name')}>
            {(props) => <Input {...props} value={shownName} onChange={(e) => setName(e.target.value)} />}
          </FormField>
          <FormField id="ob-voice" label={t('onboarding.customise.voice')}>
            {(props) => (
              <NativeSelect {...props} value={shownVoice} onChange={(e) => setVoiceId(e.target.value)}>
                {[
                  ...voiceOptions,
                  ...(voiceOptions.some((v) => v.voiceId === shownVoice)
                    ? []
                    : [{ voiceId: shownVoice, label: shownVoice, gender: 'f' as const }]),
                ].map((v) => (
                  <option key={v.voiceId} value={v.voiceId}>
                    {v.label} · {t(`onboarding.customise.gender.${v.gender}`)}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
          <div>
            <p className="mb-1.5 text-sm font-medium text-zinc-900">{t('onboarding.customise.tone')}</p>
            <SegmentedChoice
              label={t('onboarding.customise.tone')}
              options={tonesList}
              value={shownTone}
              onChange={(option) => {
                setTone(option);
                // A new tone rewrites the greeting and the prompt from the preset.
                setGreeting(null);
              }}
              labelOf={(option) => t(`onboarding.tones.${option}`)}
            />
          </div>
          <div className="sm:col-span-2">
            <FormField id="ob-greeting" label={t('onboarding.customise.greeting')}>
              {(props) => (
                <Textarea
                  {...props}
                  rows={3}
                  dir="auto"
                  value={shownGreeting}
                  onChange={(e) => setGreeting(e.target.value)}
                />
              )}
            </FormField>
            <Button
              variant="secondary"
              size="sm"
              className="mt-2"
              onClick={() => speak(shownGreeting, language, shownVoice)}
              disabled={!shownGreeting}
            >
              <Icon name="phone" className="size-4" />
              {t('onboarding.customise.preview')}
            </Button>
          </div>
        </div>
        {preset.isFetching && (
          <p className="mt-3 flex items-center gap-2 text-xs text-zinc-400">
            <Spinner className="size-3" />
            {t('onboarding.customise.loadingPreset')}
          </p>
        )}
      </StepShell>
    </form>
  );
}

// ---------- step 5 ----------
/** "Tomorrow at 10" unless tomorrow is a weekend day, when most businesses are closed: then Monday. */
function bookingSample(now = new Date()): 'sampleBooking' | 'sampleBookingMonday' {
  const tomorrow = (now.getDay() + 1) % 7;
  return tomorrow === 0 || tomorrow === 6 ? 'sampleBookingMonday' : 'sampleBooking';
}

function LatestCall({ orgId, since }: { orgId: string; since: number }) {
  const { t } = useTranslation();
  const latest = useQuery({
    queryKey: ['orgs', orgId, 'calls', 'onboarding-latest', since],
    queryFn: () => listCalls(orgId, { limit: 1 }),
    refetchInterval: (query) => {
      const call = query.state.data?.calls[0];
      const arrived =
        call && call.startedAt && Date.parse(call.startedAt) >= since - 60_000 && call.status === 'ended';
      return arrived ? false : 1500;
    },
  });
  const call = latest.data?.calls[0];
  const arrived =
    call && call.status === 'ended' && call.startedAt && Date.parse(call.startedAt) >= since - 60_000;
  // The end-of-call report (transcript) can land a moment after the call is marked ended.
  const detail = useQuery({
    ...callQueryOptions(orgId, arrived ? call.id : ''),
    enabled: Boolean(arrived),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data && (data.messages.length > 0 || data.transcript) ? false : 1500;
    },
  });
  if (!arrived || !detail.data || (detail.data.messages.length === 0 && !detail.data.transcript))
    return (
      <p className="flex items-center gap-2 text-sm text-zinc-500" role="status">
        <Spinner className="size-4" />
        {t('onboarding.test.waitingCall')}
      </p>
    );
  return (
    <Card className="p-5" data-testid="onboarding-transcript">
      <p className="mb-3 text-sm font-semibold text-zinc-900">{t('onboarding.test.transcript')}</p>
      <Transcript messages={detail.data.messages} transcript={detail.data.transcript} />
    </Card>
  );
}

function TestStep({
  orgId,
  sandbox,
  onFinish,
  onSkip,
  onBack,
  finishing,
}: {
  orgId: string;
  sandbox: boolean;
  onFinish: () => void;
  onSkip: () => void;
  onBack: () => void;
  finishing: boolean;
}) {
  const { t } = useTranslation();
  // A bought Twilio number is connected to the receptionist by a job a moment after the receptionist
  // exists: wait for it before offering the call, or the first call would reach nobody.
  const numbers = useQuery({
    ...numbersQueryOptions(orgId),
    refetchInterval: (query) => (query.state.data?.numbers[0]?.importStatus === 'pending' ? 1000 : false),
  });
  const number: PhoneNumber | undefined = numbers.data?.numbers[0];
  const connecting = number?.source === 'twilio' && number.importStatus === 'pending';
  const call = useSimulatedCall();
  const since = useRef(Date.now());
  const [realStarted, setRealStarted] = useState(false);
  const ended = call.status === 'ended' || realStarted;
  return (
    <StepShell
      title={t('onboarding.test.title')}
      body={sandbox ? t('onboarding.test.sandboxBody') : t('onboarding.test.realBody')}
      footer={
        <>
          <Button variant="ghost" onClick={onBack}>
            {t('app.back')}
          </Button>
          <SkipButton step="test" onSkip={onSkip} />
        </>
      }
    >
      {!number ? (
        <Alert tone="warning">{t('onboarding.test.noNumber')}</Alert>
      ) : sandbox ? (
        <div className="grid gap-5 md:grid-cols-2">
          <div
            className="flex h-[28rem] flex-col overflow-hidden rounded-3xl bg-white pt-3 ring-1 ring-zinc-200"
            data-testid="onboarding-call"
          >
            {connecting ? (
              <p className="m-auto flex items-center gap-2 text-sm text-zinc-500" role="status">
                <Spinner className="size-4" />
                {t('onboarding.test.connecting')}
              </p>
            ) : (
              <HandsetCall call={call} handset={SANDBOX_CALLER} to={number.e164} />
            )}
          </div>
          <div className="space-y-4">
            <Alert tone="info">{t('onboarding.test.hint')}</Alert>
            {call.status === 'live' && (
              <div
                className="flex flex-wrap gap-2"
                aria-label={t('onboarding.test.suggestions')}
                role="group"
              >
                {([bookingSample(), 'sampleYes'] as const).map((sample) => (
                  <Button
                    key={sample}
                    variant="secondary"
                    size="sm"
                    disabled={call.busy}
                    onClick={() => void call.say(t(`onboarding.test.${sample}`))}
                  >
                    {t(`onboarding.test.${sample}`)}
                  </Button>
                ))}
              </div>
            )}
            {ended && <LatestCall orgId={orgId} since={since.current} />}
          </div>
        </div>
      ) : (
        <div className="space-y-4">
          <Card className="p-5 text-center">
            <p className="text-sm text-zinc-500">{t('onboarding.test.callThis')}</p>
            <a
              href={`tel:${number.e164}`}
              className="mt-1 block text-2xl font-semibold text-indigo-600"
              dir="ltr"
            >
              {formatPhone(number.e164)}
            </a>
          </Card>
          {!realStarted ? (
            <Button variant="secondary" onClick={() => setRealStarted(true)}>
              {t('onboarding.test.iCalled')}
            </Button>
          ) : (
            <LatestCall orgId={orgId} since={since.current} />
          )}
        </div>
      )}
      {(ended || !number) && (
        <Card className="mt-6 flex flex-wrap items-center gap-4 bg-emerald-50 p-5 ring-emerald-200">
          <Icon name="check-circle" className="size-8 text-emerald-600" />
          <div className="flex-1">
            <p className="font-semibold text-emerald-900">{t('onboarding.test.ready')}</p>
            <p className="text-sm text-emerald-800">{t('onboarding.test.readyBody')}</p>
          </div>
          <Button onClick={onFinish} loading={finishing}>
            {t('onboarding.test.toDashboard')}
          </Button>
        </Card>
      )}
    </StepShell>
  );
}

// ---------- the wizard ----------
export function OnboardingPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const orgId = me.activeOrgId;
  const saved: Progress = me.user.onboarding;
  const [step, setStep] = useState(() => resumeStep(saved));
  const [choices, setChoices] = useState<Choices>(readChoices);
  const update = useUpdateOnboarding();
  const credentials = useCredentials(orgId ?? '');
  const assistants = useAssistants(orgId ?? '');
  const industry: Industry = choices.industry ?? assistants.data?.[0]?.industry ?? 'other';

  const go = (from: number, skip = false) => {
    const next = advance(me.user.onboarding, from, skip);
    if (next.completed) {
      // The dashboard reads the saved progress: navigate once it is saved, or it sends us back here.
      update.mutate(next, {
        onSuccess: () => {
          writeChoices({});
          void navigate({ to: '/' });
        },
      });
      return;
    }
    update.mutate(next);
    setStep(from + 1);
  };
  const pickIndustry = (picked: Industry) => {
    const next = { ...choices, industry: picked };
    setChoices(next);
    writeChoices(next);
    go(3);
  };
  const skipAll = () => {
    update.mutate(
      {
        completed: true,
        skipped: [...new Set([...saved.skipped, ...steps.map((_, i) => i + 1).filter((s) => s >= step)])],
      },
      { onSettled: () => void navigate({ to: '/' }) },
    );
  };

  if (!orgId)
    return (
      <Alert tone="warning" className="m-6">
        {t('errors.NOT_FOUND')}
      </Alert>
    );
  const key = stepKey(step);
  return (
    <div className="min-h-dvh bg-zinc-50/70">
      <header className="flex items-center justify-between px-4 py-4 sm:px-8">
        <Logo />
        <Button variant="ghost" size="sm" onClick={skipAll}>
          {t('onboarding.skipAll')}
        </Button>
      </header>
      <main className="mx-auto w-full max-w-3xl px-4 pb-16 sm:px-6">
        <ol className="mb-8 flex gap-1.5" aria-label={t('onboarding.progress', { step, total: TOTAL_STEPS })}>
          {steps.map((s, i) => (
            <li
              key={s}
              aria-current={i + 1 === step ? 'step' : undefined}
              className={cn('h-1.5 flex-1 rounded-full', i + 1 <= step ? 'bg-indigo-600' : 'bg-zinc-200')}
            >
              <span className="sr-only">{t(`onboarding.stepNames.${s}`)}</span>
            </li>
          ))}
        </ol>
        <p className="mb-2 text-xs font-medium tracking-wide text-indigo-600 uppercase">
          {t('onboarding.progress', { step, total: TOTAL_STEPS })}
        </p>
        {update.error && (
          <Alert tone="error" className="mb-4">
            {translateError(t, update.error)}
          </Alert>
        )}
        {key === 'welcome' && <WelcomeStep me={me} onNext={() => go(1)} />}
        {key === 'number' && (
          <NumberStep
            me={me}
            orgId={orgId}
            onNext={() => go(2)}
            onSkip={() => go(2, true)}
            onBack={() => setStep(back(2))}
          />
        )}
        {key === 'industry' && (
          <IndustryStep
            selected={choices.industry}
            onPick={pickIndustry}
            onSkip={() => go(3, true)}
            onBack={() => setStep(back(3))}
          />
        )}
        {key === 'customise' && (
          <CustomiseStep
            me={me}
            orgId={orgId}
            industry={industry}
            onDone={() => go(4)}
            onBack={() => setStep(back(4))}
          />
        )}
        {key === 'test' && (
          <TestStep
            orgId={orgId}
            sandbox={credentials.data?.sandboxAvailable === true || credentials.data?.vapi?.sandbox === true}
            onFinish={() => go(5)}
            onSkip={() => go(5, true)}
            onBack={() => setStep(back(5))}
            finishing={update.isPending}
          />
        )}
      </main>
    </div>
  );
}
