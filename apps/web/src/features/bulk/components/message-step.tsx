import { estimateSms, standardVariables, templateVariables } from '@ava/contracts';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { FormField } from '../../../components/ui/form-field';
import { Input } from '../../../components/ui/input';
import { Textarea } from '../../../components/ui/textarea';
import { formatCost } from '../../../lib/format';
import { TemplatePicker } from '../../templates/components/template-picker';
import { useVariables } from '../api/get-variables';
import { useRecipientContacts } from '../api/list-contacts';
import type { Draft, StepErrors } from './draft';

const BODY_MAX = 1600;

export const Variable = ({ name }: { name: string }) => (
  <bdi dir="ltr" className="font-mono">{`{${name}}`}</bdi>
);

/** The text: typed, or from a template, with `{variables}` filled per recipient when sent. */
export function MessageStep({
  orgId,
  draft,
  errors,
  onChange,
}: {
  orgId: string;
  draft: Draft;
  errors: StepErrors;
  onChange: (patch: Partial<Draft>) => void;
}) {
  const { t, i18n } = useTranslation();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const variables = useVariables(orgId);
  // Cached by the recipients step: it tells the org's country, whose price the estimate uses.
  const country = useRecipientContacts(orgId, '').data?.pages[0]?.country ?? null;
  const standard: readonly string[] = variables.data?.standard ?? standardVariables;
  const fields = variables.data?.fields ?? [];
  const known = new Set([...standard, ...fields]);
  // Until the org's fields are known, no variable is called unknown.
  const unknown = variables.data ? templateVariables(draft.body).filter((v) => !known.has(v)) : [];
  const estimate = estimateSms(draft.body, country);

  const insert = (name: string) => {
    const el = bodyRef.current;
    const token = `{${name}}`;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? draft.body.length;
    onChange({ body: draft.body.slice(0, start) + token + draft.body.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <div className="space-y-4">
      <FormField
        id="bulk-name"
        label={t('bulk.message.name')}
        hint={t('bulk.message.nameHint')}
        error={errors.name}
      >
        {(props) => (
          <Input
            {...props}
            value={draft.name}
            maxLength={120}
            onChange={(e) => onChange({ name: e.target.value })}
          />
        )}
      </FormField>

      <FormField
        id="bulk-body"
        label={t('bulk.message.body')}
        error={errors.body}
        labelAction={
          <TemplatePicker orgId={orgId} onPick={(tpl) => onChange({ body: tpl.body, templateId: tpl.id })} />
        }
        hint={t('bulk.message.characters', { length: draft.body.length, max: BODY_MAX })}
      >
        {(props) => (
          <Textarea
            {...props}
            ref={bodyRef}
            dir="auto"
            rows={6}
            value={draft.body}
            onChange={(e) => onChange({ body: e.target.value })}
          />
        )}
      </FormField>

      <div className="space-y-1.5">
        <p className="text-xs font-medium text-zinc-600" id="bulk-chips-label">
          {t('bulk.message.insertVariable')}
        </p>
        <div className="flex flex-wrap gap-1.5" role="group" aria-labelledby="bulk-chips-label">
          {[...standard, ...fields].map((v) => (
            <button
              key={v}
              type="button"
              onClick={() => insert(v)}
              aria-label={t('bulk.message.insertNamed', { variable: `{${v}}` })}
              className="rounded-full bg-indigo-50 px-2.5 py-1 text-xs text-indigo-700 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-100"
            >
              <Variable name={v} />
            </button>
          ))}
        </div>
      </div>

      {draft.body.trim() && (
        <p className="text-xs text-zinc-500" data-testid="bulk-estimate">
          {t('bulk.message.estimate', {
            count: estimate.segments,
            encoding: estimate.encoding,
            cost: formatCost(estimate.costUsd, i18n.language),
          })}
        </p>
      )}
      {estimate.unicode && <Alert tone="warning">{t('bulk.message.ucs2Warning')}</Alert>}
      {unknown.length > 0 && (
        <Alert tone="warning" title={t('bulk.message.unknownTitle')}>
          <span data-testid="bulk-unknown-variables" className="flex flex-wrap gap-1.5 font-semibold">
            {unknown.map((v) => (
              <Variable key={v} name={v} />
            ))}
          </span>
          <span className="mt-1 block">{t('bulk.message.unknownBody')}</span>
        </Alert>
      )}
    </div>
  );
}
