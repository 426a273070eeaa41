import {
  createTemplateBodySchema,
  enhanceTones,
  estimateSms,
  templateVariables,
  TEMPLATE_BODY_MAX,
  TEMPLATE_CATEGORY_MAX,
  TEMPLATE_NAME_MAX,
  type Template,
} from '@ava/contracts';
import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent } from '../../../components/ui/dialog';
import { FormField } from '../../../components/ui/form-field';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { NativeSelect } from '../../../components/ui/select';
import { Textarea } from '../../../components/ui/textarea';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useCreateTemplate } from '../api/create-template';
import { useEnhanceTemplate } from '../api/enhance-template';
import { useTemplateCategories } from '../api/get-template-categories';
import { useTemplateVariables } from '../api/get-template-variables';
import { usePreviewContacts, type PreviewContact } from '../api/list-preview-contacts';
import { useUpdateTemplate } from '../api/update-template';
import { highlightParts, renderPreview, SAMPLE_ID, sampleContact, unknownVariables } from './preview';

type FieldErrors = Partial<Record<'name' | 'body' | 'category', { message?: string; type?: string }>>;
type Tone = (typeof enhanceTones)[number];
type Locale = 'en' | 'fr' | 'he';

const FALLBACK_STANDARD = ['first_name', 'last_name', 'name', 'phone', 'email', 'business'];

/** `{name}` reads left to right even in Hebrew text. */
export function VariableToken({ name, className }: { name: string; className?: string }) {
  return (
    <bdi dir="ltr" className={cn('font-mono', className)}>
      {`{${name}}`}
    </bdi>
  );
}

function enhanceErrorText(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    if (error.provider?.reason === 'provider.llm.notConfigured') return t('templates.enhance.notConfigured');
    const issue = error.details.find((d) => d.path === 'suggestion');
    if (issue?.code === 'variablesLost')
      return t('templates.enhance.variablesLost', { variables: issue.message });
    if (issue?.code === 'tooLong') return t('templates.enhance.tooLong');
    if (issue?.code === 'empty') return t('templates.enhance.empty');
  }
  return translateError(t, error);
}

/** Segments, encoding and the UCS-2 warning for the text a contact would get. */
function SmsEstimate({ text }: { text: string }) {
  const { t } = useTranslation();
  const estimate = estimateSms(text);
  return (
    <div className="space-y-2">
      <p className="text-xs text-zinc-500" data-testid="sms-estimate">
        {t('templates.estimate', {
          segments: estimate.segments,
          encoding: estimate.encoding,
          units: estimate.units,
        })}
      </p>
      {estimate.unicode && (
        <Alert tone="warning" className="py-2 text-xs">
          {t('templates.ucs2Warning')}
        </Alert>
      )}
    </div>
  );
}

/** The text one contact would receive, unfilled variables highlighted. */
function PreviewPanel({
  orgId,
  body,
  fields,
  business,
}: {
  orgId: string;
  body: string;
  fields: string[];
  business: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const contacts = usePreviewContacts(orgId, query);
  // Kept when a new search no longer lists it, so the preview does not jump to another contact.
  const [picked, setPicked] = useState<PreviewContact | null>(null);
  const list = contacts.data ?? [];
  const contact = picked ?? sampleContact(t('templates.preview.sampleName'), fields);
  const preview = renderPreview(body, contact, business, fields);
  const parts = highlightParts(preview.text, [...preview.missing, ...preview.unknown]);
  const options = picked && !list.some((c) => c.id === picked.id) ? [picked, ...list] : list;

  return (
    <section aria-labelledby="template-preview-title" className="space-y-3">
      <h3 id="template-preview-title" className="text-sm font-semibold text-zinc-900">
        {t('templates.preview.title')}
      </h3>
      <div className="space-y-2">
        <Input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('templates.preview.searchContacts')}
          aria-label={t('templates.preview.searchContacts')}
          className="h-9"
        />
        <NativeSelect
          aria-label={t('templates.preview.contact')}
          value={contact.id}
          onChange={(e) => setPicked(options.find((c) => c.id === e.target.value) ?? null)}
        >
          <option value={SAMPLE_ID}>{t('templates.preview.sample')}</option>
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name ? `${c.name} · ${formatPhone(c.e164)}` : formatPhone(c.e164)}
            </option>
          ))}
        </NativeSelect>
        {contacts.isError && (
          <p className="text-xs text-zinc-500">{t('templates.preview.contactsUnavailable')}</p>
        )}
      </div>
      <div className="rounded-2xl rounded-ss-sm bg-zinc-100 px-3.5 py-2.5 text-sm text-zinc-900">
        {body.trim() ? (
          <p dir="auto" className="break-words whitespace-pre-wrap" data-testid="template-preview">
            {parts.map((p, i) =>
              p.unfilled ? (
                <mark key={i} className="rounded bg-amber-200/70 px-0.5 text-amber-950">
                  {p.text}
                </mark>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
          </p>
        ) : (
          <p className="text-zinc-400">{t('templates.preview.empty')}</p>
        )}
      </div>
      {body.trim() && <SmsEstimate text={preview.text} />}
      {preview.missing.length > 0 && (
        <p className="text-xs text-zinc-600" data-testid="missing-for-contact">
          {t('templates.preview.missingForContact')}{' '}
          {preview.missing.map((v) => (
            <VariableToken key={v} name={v} className="me-1" />
          ))}
        </p>
      )}
    </section>
  );
}

/** The AI suggestion beside the text it rewrote; nothing changes until the user accepts it. */
function EnhancePanel({
  orgId,
  body,
  onAccept,
}: {
  orgId: string;
  body: string;
  onAccept: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [tone, setTone] = useState<Tone>('friendly');
  const enhance = useEnhanceTemplate(orgId);
  const result = enhance.data;
  const original = enhance.variables?.body ?? '';
  const locale = (['en', 'fr', 'he'] as const).find((l) => l === i18n.resolvedLanguage) as Locale | undefined;
  return (
    <section className="space-y-3 rounded-lg bg-indigo-50/50 p-3 ring-1 ring-indigo-100" aria-live="polite">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <Label htmlFor="template-tone" className="text-xs text-zinc-600">
            {t('templates.enhance.tone')}
          </Label>
          <NativeSelect
            id="template-tone"
            value={tone}
            onChange={(e) => setTone(e.target.value as Tone)}
            className="h-9"
          >
            {enhanceTones.map((v) => (
              <option key={v} value={v}>
                {t(`templates.enhance.tones.${v}`)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button
          variant="secondary"
          loading={enhance.isPending}
          disabled={!body.trim() || body.trim().length > TEMPLATE_BODY_MAX}
          onClick={() => enhance.mutate({ body: body.trim(), tone, ...(locale ? { locale } : {}) })}
        >
          <Icon name="sparkles" className="size-4 text-indigo-600" />
          {t('templates.enhance.button')}
        </Button>
      </div>
      {enhance.error && <Alert tone="error">{enhanceErrorText(t, enhance.error)}</Alert>}
      {result && (
        <div className="space-y-3" data-testid="enhance-suggestion">
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="space-y-1">
              <p className="text-xs font-medium text-zinc-500">{t('templates.enhance.original')}</p>
              <p
                dir="auto"
                className="rounded-md bg-white p-2.5 text-sm break-words whitespace-pre-wrap ring-1 ring-zinc-200"
              >
                {original}
              </p>
            </div>
            <div className="space-y-1">
              <p className="text-xs font-medium text-indigo-700">{t('templates.enhance.suggestion')}</p>
              <p
                dir="auto"
                className="rounded-md bg-white p-2.5 text-sm break-words whitespace-pre-wrap ring-1 ring-indigo-200"
              >
                {result.suggestion}
              </p>
            </div>
          </div>
          {result.originalSegments === 1 && result.segments > 1 && (
            <Alert tone="warning" className="py-2 text-xs">
              {t('templates.enhance.longer', { segments: result.segments })}
            </Alert>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => enhance.reset()}>
              {t('templates.enhance.discard')}
            </Button>
            <Button
              size="sm"
              onClick={() => {
                onAccept(result.suggestion);
                enhance.reset();
              }}
            >
              <Icon name="check" className="size-4" />
              {t('templates.enhance.accept')}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

/** Create or edit a template with a live preview for a chosen contact; members only look. */
export function TemplateEditor({
  orgId,
  template,
  readOnly = false,
  onClose,
}: {
  orgId: string;
  template?: Template;
  readOnly?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [name, setName] = useState(template?.name ?? '');
  const [category, setCategory] = useState(template?.category ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const variables = useTemplateVariables(orgId);
  const categories = useTemplateCategories(orgId);
  const create = useCreateTemplate(orgId);
  const update = useUpdateTemplate(orgId);
  const saveError = create.error ?? update.error;

  const fields = useMemo(() => variables.data?.fields ?? [], [variables.data]);
  const standard = variables.data?.standard ?? FALLBACK_STANDARD;
  const business = variables.data?.business ?? '';
  // Until the org's fields are known, a field variable is not called unknown.
  const unknown = variables.data ? unknownVariables(body, fields) : [];
  const used = templateVariables(body);

  const insertVariable = (variable: string) => {
    const el = bodyRef.current;
    const token = `{${variable}}`;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + token + body.slice(end));
    // After React has written the new value: the caret goes right after the inserted variable.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    const parsed = createTemplateBodySchema.safeParse({ name, body, category });
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof FieldErrors;
        next[key] ??= { message: issue.message, type: issue.code };
      }
      setErrors(next);
      return;
    }
    setErrors({});
    const payload = {
      name: parsed.data.name,
      body: parsed.data.body,
      category: parsed.data.category ?? null,
    };
    const done = () => {
      toast.success({ title: t('templates.savedToast', { name: payload.name }) });
      onClose();
    };
    if (template) update.mutate({ id: template.id, body: payload }, { onSuccess: done });
    else create.mutate(payload, { onSuccess: done });
  };

  const serverErrors: FieldErrors = {};
  if (isApiError(saveError, 'VALIDATION_FAILED'))
    for (const issue of saveError.details) {
      const key = issue.path.replace(/^body\./, '') as keyof FieldErrors;
      serverErrors[key] ??= { message: issue.message, type: issue.code };
    }
  const fieldError = (key: keyof FieldErrors) => errors[key] ?? serverErrors[key];

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={readOnly ? template?.name : template ? t('templates.edit') : t('templates.new')}
        className="max-w-4xl"
      >
        <form onSubmit={submit} noValidate className="space-y-5">
          {saveError && !isApiError(saveError, 'VALIDATION_FAILED') && (
            <Alert tone="error">{translateError(t, saveError)}</Alert>
          )}
          <div className="grid gap-6 md:grid-cols-[minmax(0,1fr)_minmax(0,18rem)]">
            <div className="min-w-0 space-y-4">
              <div className="grid gap-3 sm:grid-cols-2">
                <FormField id="template-name" label={t('templates.name')} error={fieldError('name')}>
                  {(props) => (
                    <Input
                      {...props}
                      value={name}
                      maxLength={TEMPLATE_NAME_MAX}
                      readOnly={readOnly}
                      onChange={(e) => setName(e.target.value)}
                    />
                  )}
                </FormField>
                <FormField
                  id="template-category"
                  label={t('templates.category')}
                  optional
                  error={fieldError('category')}
                >
                  {(props) => (
                    <Input
                      {...props}
                      list={listId}
                      value={category}
                      maxLength={TEMPLATE_CATEGORY_MAX}
                      readOnly={readOnly}
                      placeholder={t('templates.categoryPlaceholder')}
                      onChange={(e) => setCategory(e.target.value)}
                    />
                  )}
                </FormField>
                <datalist id={listId}>
                  {categories.data?.categories.map((c) => (
                    <option key={c.name} value={c.name} />
                  ))}
                </datalist>
              </div>

              <FormField
                id="template-body"
                label={t('templates.body')}
                error={fieldError('body')}
                labelAction={
                  <Badge tone={used.length > 0 ? 'indigo' : 'neutral'} data-testid="template-kind">
                    {t(`templates.kind.${used.length > 0 ? 'dynamic' : 'static'}`)}
                  </Badge>
                }
                hint={t('templates.characters', { length: body.length, max: TEMPLATE_BODY_MAX })}
              >
                {(props) => (
                  <Textarea
                    {...props}
                    ref={bodyRef}
                    dir="auto"
                    rows={6}
                    value={body}
                    readOnly={readOnly}
                    onChange={(e) => setBody(e.target.value)}
                  />
                )}
              </FormField>

              {!readOnly && (
                <div className="space-y-1.5">
                  <p className="text-xs font-medium text-zinc-600" id="template-chips-label">
                    {t('templates.insertVariable')}
                  </p>
                  <div className="flex flex-wrap gap-1.5" role="group" aria-labelledby="template-chips-label">
                    {[...standard, ...fields].map((v) => (
                      <button
                        key={v}
                        type="button"
                        onClick={() => insertVariable(v)}
                        aria-label={t('templates.insertNamed', { variable: `{${v}}` })}
                        className={cn(
                          'rounded-full px-2.5 py-1 text-xs ring-1 ring-inset',
                          standard.includes(v)
                            ? 'bg-indigo-50 text-indigo-700 ring-indigo-200 hover:bg-indigo-100'
                            : 'bg-emerald-50 text-emerald-800 ring-emerald-200 hover:bg-emerald-100',
                        )}
                      >
                        <VariableToken name={v} />
                      </button>
                    ))}
                  </div>
                </div>
              )}

              {unknown.length > 0 && (
                <Alert tone="warning" title={t('templates.unknownTitle')}>
                  <span data-testid="unknown-variables">
                    {unknown.map((v) => (
                      <VariableToken key={v} name={v} className="me-1.5 font-semibold" />
                    ))}
                  </span>
                  <span className="mt-1 block">{t('templates.unknownBody')}</span>
                </Alert>
              )}

              {!readOnly && (
                <EnhancePanel
                  orgId={orgId}
                  body={body}
                  onAccept={(text) => {
                    setBody(text);
                    bodyRef.current?.focus();
                  }}
                />
              )}
            </div>

            <PreviewPanel orgId={orgId} body={body} fields={fields} business={business} />
          </div>

          <div className="flex flex-wrap justify-end gap-3 border-t border-zinc-100 pt-4">
            <DialogClose asChild>
              <Button variant="ghost">{readOnly ? t('app.close') : t('app.cancel')}</Button>
            </DialogClose>
            {!readOnly && (
              <Button type="submit" loading={create.isPending || update.isPending}>
                {template ? t('app.save') : t('templates.create')}
              </Button>
            )}
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
