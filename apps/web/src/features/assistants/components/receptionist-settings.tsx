import { assistantBodySchema, tones, type Assistant, type Locale } from '@ava/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Card, CardContent, CardFooter, CardHeader } from '../../../components/ui/card';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { NativeSelect } from '../../../components/ui/select';
import { PageSpinner } from '../../../components/ui/spinner';
import { Textarea } from '../../../components/ui/textarea';
import { useToast } from '../../../components/ui/toast';
import { currentLocale } from '../../../i18n/i18n';
import { applyServerErrors } from '../../../lib/form-errors';
import { translateError, translateProviderReason } from '../../../lib/translate-error';
import { useCreateAssistant } from '../api/create-assistant';
import { useAssistants } from '../api/list-assistants';
import { useUpdateAssistant } from '../api/update-assistant';

const schema = assistantBodySchema.pick({ name: true, firstMessage: true, systemPrompt: true }).extend({
  language: z.enum(['en', 'fr', 'he']),
  tone: z.enum(tones),
});
type Values = z.infer<typeof schema>;

/** A natural-sounding Azure voice per language until the voice picker arrives. */
const voices: Record<Locale, string> = {
  en: 'en-US-JennyNeural',
  fr: 'fr-FR-DeniseNeural',
  he: 'he-IL-HilaNeural',
};

/** Settings → Receptionist: create or edit the organisation's assistant (name, greeting, instructions). */
export function ReceptionistSettings({
  orgId,
  orgName,
  canManage,
}: {
  orgId: string;
  orgName: string;
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation();
  const assistants = useAssistants(orgId);
  if (assistants.isPending) return <PageSpinner label={t('app.loading')} />;
  if (assistants.error) return <Alert tone="error">{translateError(t, assistants.error)}</Alert>;
  const assistant = assistants.data[0];
  return (
    <ReceptionistForm
      key={`${assistant?.id ?? 'new'}-${i18n.language}`}
      orgId={orgId}
      orgName={orgName}
      assistant={assistant}
      canManage={canManage}
    />
  );
}

function ReceptionistForm({
  orgId,
  orgName,
  assistant,
  canManage,
}: {
  orgId: string;
  orgName: string;
  assistant: Assistant | undefined;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const create = useCreateAssistant(orgId);
  const update = useUpdateAssistant(orgId);
  const locale = currentLocale();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    mode: 'onTouched',
    defaultValues: assistant
      ? {
          name: assistant.name,
          firstMessage: assistant.firstMessage,
          systemPrompt: assistant.systemPrompt,
          language: assistant.language,
          tone: assistant.tone,
        }
      : {
          name: t('receptionist.defaults.name'),
          firstMessage: t('receptionist.defaults.greeting', { business: orgName }),
          systemPrompt: t('receptionist.defaults.prompt', { business: orgName }),
          language: locale,
          tone: 'warm',
        },
  });
  const mutation = assistant ? update : create;
  const onSubmit = form.handleSubmit(async (values) => {
    const body = { ...values, voice: { provider: 'azure', voiceId: voices[values.language] } };
    try {
      const saved = assistant
        ? await update.mutateAsync({ id: assistant.id, body })
        : await create.mutateAsync(body);
      form.reset({
        name: saved.name,
        firstMessage: saved.firstMessage,
        systemPrompt: saved.systemPrompt,
        language: saved.language,
        tone: saved.tone,
      });
      toast.success({
        title: assistant
          ? t('receptionist.updatedToast')
          : t('receptionist.createdToast', { name: saved.name }),
        description: assistant ? undefined : t('receptionist.createdBody'),
      });
      if (saved.syncIssue)
        toast.error({
          title: t('receptionist.syncIssueTitle'),
          description: translateProviderReason(t, saved.syncIssue.reason, saved.syncIssue.message),
        });
    } catch (error) {
      if (
        !applyServerErrors(error, form.setError, ['name', 'firstMessage', 'systemPrompt', 'language', 'tone'])
      )
        toast.error({ title: t('receptionist.saveFailed'), description: translateError(t, error) });
    }
  });
  const errors = form.formState.errors;

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate aria-label={t('receptionist.title')}>
        <CardHeader
          title={assistant ? t('receptionist.title') : t('receptionist.createTitle')}
          description={t('receptionist.subtitle')}
        />
        <CardContent className="grid gap-5 sm:grid-cols-2">
          {!canManage && (
            <Alert tone="info" className="sm:col-span-2">
              {t('receptionist.readOnly')}
            </Alert>
          )}
          {!assistant && (
            <Alert tone="info" className="sm:col-span-2">
              {t('receptionist.noneYet')}
            </Alert>
          )}
          {assistant?.syncIssue && (
            <Alert tone="warning" title={t('receptionist.syncIssueTitle')} className="sm:col-span-2">
              {translateProviderReason(t, assistant.syncIssue.reason, assistant.syncIssue.message)}
            </Alert>
          )}
          {mutation.error && !(mutation.error as { details?: unknown[] }).details?.length && (
            <Alert tone="error" className="sm:col-span-2">
              {translateError(t, mutation.error)}
            </Alert>
          )}
          <FormField id="assistant-name" label={t('receptionist.name')} error={errors.name}>
            {(props) => <Input {...props} {...form.register('name')} disabled={!canManage} maxLength={60} />}
          </FormField>
          <div className="grid grid-cols-2 gap-3">
            <FormField id="assistant-language" label={t('receptionist.language')} error={errors.language}>
              {(props) => (
                <NativeSelect {...props} {...form.register('language')} disabled={!canManage}>
                  <option value="en">{t('languages.en')}</option>
                  <option value="fr">{t('languages.fr')}</option>
                  <option value="he">{t('languages.he')}</option>
                </NativeSelect>
              )}
            </FormField>
            <FormField id="assistant-tone" label={t('receptionist.tone')} error={errors.tone}>
              {(props) => (
                <NativeSelect {...props} {...form.register('tone')} disabled={!canManage}>
                  {tones.map((tone) => (
                    <option key={tone} value={tone}>
                      {t(`receptionist.tones.${tone}`)}
                    </option>
                  ))}
                </NativeSelect>
              )}
            </FormField>
          </div>
          <FormField
            id="assistant-greeting"
            label={t('receptionist.greeting')}
            hint={t('receptionist.greetingHint')}
            error={errors.firstMessage}
            className="sm:col-span-2"
          >
            {(props) => (
              <Textarea
                {...props}
                {...form.register('firstMessage')}
                disabled={!canManage}
                rows={2}
                maxLength={500}
              />
            )}
          </FormField>
          <FormField
            id="assistant-prompt"
            label={t('receptionist.instructions')}
            hint={t('receptionist.instructionsHint')}
            error={errors.systemPrompt}
            className="sm:col-span-2"
          >
            {(props) => (
              <Textarea
                {...props}
                {...form.register('systemPrompt')}
                disabled={!canManage}
                rows={8}
                maxLength={8000}
              />
            )}
          </FormField>
        </CardContent>
        {canManage && (
          <CardFooter>
            <Button type="submit" loading={form.formState.isSubmitting}>
              {assistant ? t('app.save') : t('receptionist.create')}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
