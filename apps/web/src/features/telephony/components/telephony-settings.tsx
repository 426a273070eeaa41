import {
  twilioCredentialsBodySchema,
  vapiCredentialsBodySchema,
  type CredentialStatus,
  type TwilioCredentialsBody,
  type VapiCredentialsBody,
} from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { useForm, type FieldValues, type Path, type UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardFooter, CardHeader } from '../../../components/ui/card';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { PasswordInput } from '../../../components/ui/password-input';
import { PageSpinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { ApiError } from '../../../lib/api-client';
import { translateError, translateProviderReason } from '../../../lib/translate-error';
import { useConnectSandboxCredentials, type Provider } from '../api/connect-sandbox-credentials';
import { useCredentials } from '../api/get-credentials';
import type { SaveCredentialsResult } from '../api/save-twilio-credentials';
import { useSaveTwilioCredentials } from '../api/save-twilio-credentials';
import { useSaveVapiCredentials } from '../api/save-vapi-credentials';
import { useVerifyCredentials } from '../api/verify-credentials';
import { DeleteCredentialsDialog } from './delete-credentials-dialog';
import { VerificationResult } from './verification-result';

const providerNames: Record<Provider, string> = { twilio: 'Twilio', vapi: 'Vapi' };

/** Settings → Telephony: the Twilio and Vapi credentials, each saved, checked and reported on its own. */
export function TelephonySettings({ orgId, canManage }: { orgId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const credentials = useCredentials(orgId);
  if (credentials.isPending) return <PageSpinner label={t('app.loading')} />;
  if (credentials.error) return <Alert tone="error">{translateError(t, credentials.error)}</Alert>;
  const { twilio, vapi, sandboxAvailable } = credentials.data;
  return (
    <>
      {!canManage && <Alert tone="info">{t('telephony.readOnly')}</Alert>}
      <ProviderCard
        orgId={orgId}
        provider="twilio"
        status={twilio}
        sandboxAvailable={sandboxAvailable}
        canManage={canManage}
      />
      <ProviderCard
        orgId={orgId}
        provider="vapi"
        status={vapi}
        sandboxAvailable={sandboxAvailable}
        canManage={canManage}
      />
    </>
  );
}

function useReportSave(provider: Provider) {
  const { t } = useTranslation();
  const toast = useToast();
  const name = providerNames[provider];
  return (result: SaveCredentialsResult) => {
    toast.success({ title: t('telephony.savedToast', { provider: name }) });
    const v = result.verification;
    if (v.ok)
      toast.success({ title: t('telephony.verifiedTitle', { provider: name }), description: v.accountName });
    else
      toast.error({
        title: t('telephony.verifyFailedTitle', { provider: name }),
        description: translateProviderReason(t, v.reason, v.message, v.retryable),
      });
  };
}

function ProviderCard({
  orgId,
  provider,
  status,
  sandboxAvailable,
  canManage,
}: {
  orgId: string;
  provider: Provider;
  status: CredentialStatus | null;
  sandboxAvailable: boolean;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const name = providerNames[provider];
  const [editing, setEditing] = useState(false);
  const [lastSave, setLastSave] = useState<SaveCredentialsResult | null>(null);
  const [deleting, setDeleting] = useState(false);
  const sandbox = useConnectSandboxCredentials(orgId);
  const verify = useVerifyCredentials(orgId);
  const reportSave = useReportSave(provider);
  const onSaved = (result: SaveCredentialsResult) => {
    setLastSave(result);
    setEditing(false);
    verify.reset();
    reportSave(result);
  };
  const connectSandbox = () =>
    sandbox.mutate(provider, {
      onSuccess: onSaved,
      onError: (error) => toast.error({ title: translateError(t, error) }),
    });
  const runVerify = () =>
    verify.mutate(provider, {
      onSuccess: (v) => {
        setLastSave(null);
        if (v.ok)
          toast.success({
            title: t('telephony.verifiedTitle', { provider: name }),
            description: v.accountName,
          });
        else
          toast.error({
            title: t('telephony.verifyFailedTitle', { provider: name }),
            description: translateProviderReason(t, v.reason, v.message, v.retryable),
          });
      },
      onError: (error) => toast.error({ title: translateError(t, error) }),
    });

  const showForm = canManage && (!status || editing);
  const verification = verify.data ?? lastSave?.verification;

  return (
    <Card data-testid={`credentials-${provider}`}>
      <CardHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {t(`telephony.${provider}.title`)}
            <StatusBadge status={status} />
            {status?.sandbox && (
              <Badge tone="indigo">
                <Icon name="flask" className="size-3" />
                {t('telephony.sandbox')}
              </Badge>
            )}
          </span>
        }
        description={t(`telephony.${provider}.subtitle`)}
      />
      <CardContent className="space-y-4">
        {lastSave && (
          <Alert tone="success" title={t('telephony.savedTitle', { provider: name })}>
            {t('telephony.savedBody')}
          </Alert>
        )}
        {verification && <VerificationResult provider={name} verification={verification} />}
        {status && <SavedCredentials provider={provider} status={status} />}
        {showForm && (
          <>
            {!status && sandboxAvailable && (
              <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-indigo-50/60 px-4 py-3 ring-1 ring-indigo-100 ring-inset">
                <p className="text-sm text-indigo-900">{t('telephony.sandboxHint')}</p>
                <Button variant="secondary" size="sm" loading={sandbox.isPending} onClick={connectSandbox}>
                  <Icon name="flask" className="size-4" />
                  {t('telephony.useSandbox')}
                </Button>
              </div>
            )}
            <Guide provider={provider} />
            {provider === 'twilio' ? (
              <TwilioForm
                orgId={orgId}
                onSaved={onSaved}
                onCancel={status ? () => setEditing(false) : undefined}
              />
            ) : (
              <VapiForm
                orgId={orgId}
                onSaved={onSaved}
                onCancel={status ? () => setEditing(false) : undefined}
              />
            )}
          </>
        )}
      </CardContent>
      {status && canManage && !editing && (
        <CardFooter className="flex-wrap">
          <Button
            variant="ghost"
            size="sm"
            className="me-auto text-red-600"
            onClick={() => setDeleting(true)}
          >
            <Icon name="trash" className="size-4" />
            {t('telephony.disconnect')}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            <Icon name="pencil" className="size-4" />
            {t('telephony.replace')}
          </Button>
          <Button variant="secondary" size="sm" loading={verify.isPending} onClick={runVerify}>
            <Icon name="refresh" className="size-4" />
            {t('telephony.verify')}
          </Button>
        </CardFooter>
      )}
      {status && (
        <DeleteCredentialsDialog
          orgId={orgId}
          provider={provider}
          open={deleting}
          onOpenChange={setDeleting}
          onDeleted={() => {
            setLastSave(null);
            verify.reset();
          }}
        />
      )}
    </Card>
  );
}

function StatusBadge({ status }: { status: CredentialStatus | null }) {
  const { t } = useTranslation();
  if (!status) return <Badge>{t('telephony.status.none')}</Badge>;
  if (status.verifiedAt)
    return (
      <Badge tone="green">
        <Icon name="check" className="size-3" />
        {t('telephony.status.connected')}
      </Badge>
    );
  return <Badge tone="amber">{t('telephony.status.unverified')}</Badge>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 py-2 text-sm">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="font-medium text-zinc-900">{children}</dd>
    </div>
  );
}

function SavedCredentials({ provider, status }: { provider: Provider; status: CredentialStatus }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return (
    <dl className="divide-y divide-zinc-100 rounded-lg px-4 ring-1 ring-zinc-200 ring-inset">
      {provider === 'twilio' && status.accountId && (
        <Row label={t('telephony.twilio.accountSid')}>
          <span dir="ltr" className="font-mono text-xs" data-testid="account-sid">
            {status.accountId}
          </span>
        </Row>
      )}
      <Row label={provider === 'twilio' ? t('telephony.twilio.authToken') : t('telephony.vapi.privateKey')}>
        <span dir="ltr" className="font-mono text-xs" data-testid="secret-mask">
          {status.secretMask}
        </span>
      </Row>
      {provider === 'vapi' && status.publicKey && (
        <Row label={t('telephony.vapi.publicKey')}>
          <span dir="ltr" className="font-mono text-xs">
            {status.publicKey}
          </span>
        </Row>
      )}
      {status.accountName && <Row label={t('telephony.account')}>{status.accountName}</Row>}
      <Row label={t('telephony.verifiedAt')}>
        {status.verifiedAt ? date(status.verifiedAt) : t('telephony.notVerified')}
      </Row>
    </dl>
  );
}

function Guide({ provider }: { provider: Provider }) {
  const { t } = useTranslation();
  const steps = provider === 'twilio' ? ['1', '2', '3', '4'] : ['1', '2', '3'];
  return (
    <details className="group rounded-lg bg-zinc-50 px-4 py-3 text-sm ring-1 ring-zinc-200 ring-inset">
      <summary className="cursor-pointer font-medium text-zinc-800">
        {t(`telephony.${provider}.guideTitle`)}
      </summary>
      <ol className="mt-3 list-decimal space-y-1.5 ps-5 text-zinc-600">
        {steps.map((step) => (
          <li key={step}>{t(`telephony.${provider}.guide${step}`)}</li>
        ))}
      </ol>
    </details>
  );
}

/** Field errors from the server (VALIDATION_FAILED, or CONFLICT on the Account SID) go on their field. */
function applyFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: string[],
) {
  if (!(error instanceof ApiError) || error.details.length === 0) return false;
  let all = true;
  for (const issue of error.details) {
    const field = issue.path.replace(/^body\./, '');
    if (fields.includes(field))
      setError(field as Path<T>, { type: issue.code || 'server', message: issue.message });
    else all = false;
  }
  return all;
}

function FormActions({ pending, onCancel }: { pending: boolean; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="flex justify-end gap-3">
      {onCancel && (
        <Button variant="ghost" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
      )}
      <Button type="submit" loading={pending}>
        {t('telephony.saveAndVerify')}
      </Button>
    </div>
  );
}

function TwilioForm({
  orgId,
  onSaved,
  onCancel,
}: {
  orgId: string;
  onSaved: (result: SaveCredentialsResult) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveTwilioCredentials(orgId);
  const form = useForm<TwilioCredentialsBody>({
    resolver: zodResolver(twilioCredentialsBodySchema),
    mode: 'onTouched',
    defaultValues: { accountSid: '', authToken: '' },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onSaved(await save.mutateAsync(values));
      form.reset();
    } catch (error) {
      applyFieldErrors(error, form.setError, ['accountSid', 'authToken']);
    }
  });
  const fieldError = save.error instanceof ApiError && save.error.details.length > 0;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t('telephony.twilio.formLabel')}>
      {save.error && !fieldError && <Alert tone="error">{translateError(t, save.error)}</Alert>}
      <FormField
        id="twilio-sid"
        label={t('telephony.twilio.accountSid')}
        error={form.formState.errors.accountSid}
      >
        {(props) => (
          <Input
            {...props}
            {...form.register('accountSid')}
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            placeholder="AC…"
            className="font-mono"
          />
        )}
      </FormField>
      <FormField
        id="twilio-token"
        label={t('telephony.twilio.authToken')}
        error={form.formState.errors.authToken}
      >
        {(props) => (
          <PasswordInput
            {...props}
            {...form.register('authToken')}
            dir="ltr"
            autoComplete="off"
            className="font-mono"
            showLabel={t('auth.show')}
            hideLabel={t('auth.hide')}
          />
        )}
      </FormField>
      <FormActions pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}

function VapiForm({
  orgId,
  onSaved,
  onCancel,
}: {
  orgId: string;
  onSaved: (result: SaveCredentialsResult) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveVapiCredentials(orgId);
  const form = useForm<VapiCredentialsBody>({
    resolver: zodResolver(vapiCredentialsBodySchema),
    mode: 'onTouched',
    defaultValues: { privateKey: '', publicKey: '' },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onSaved(
        await save.mutateAsync({ privateKey: values.privateKey, publicKey: values.publicKey || undefined }),
      );
      form.reset();
    } catch (error) {
      applyFieldErrors(error, form.setError, ['privateKey', 'publicKey']);
    }
  });
  const fieldError = save.error instanceof ApiError && save.error.details.length > 0;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={t('telephony.vapi.formLabel')}>
      {save.error && !fieldError && <Alert tone="error">{translateError(t, save.error)}</Alert>}
      <FormField
        id="vapi-private"
        label={t('telephony.vapi.privateKey')}
        error={form.formState.errors.privateKey}
      >
        {(props) => (
          <PasswordInput
            {...props}
            {...form.register('privateKey')}
            dir="ltr"
            autoComplete="off"
            className="font-mono"
            showLabel={t('auth.show')}
            hideLabel={t('auth.hide')}
          />
        )}
      </FormField>
      <FormField
        id="vapi-public"
        label={t('telephony.vapi.publicKey')}
        optional
        hint={t('telephony.vapi.publicKeyHint')}
        error={form.formState.errors.publicKey}
      >
        {(props) => (
          <Input
            {...props}
            {...form.register('publicKey')}
            dir="ltr"
            autoComplete="off"
            className="font-mono"
          />
        )}
      </FormField>
      <FormActions pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}
