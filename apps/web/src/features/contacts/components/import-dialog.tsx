import {
  CONTACTS_CSV_MAX_CHARS,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
} from '@ava/contracts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/checkbox';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { Label } from '../../../components/ui/label';
import { Textarea } from '../../../components/ui/textarea';
import { isApiError } from '../../../lib/api-client';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useImportContacts } from '../api/import-contacts';
import { usePreviewImport } from '../api/preview-import';

/** Enough rows to check a file by eye without rendering ten thousand table rows. */
const SHOWN_ROWS = 200;

type TFn = ReturnType<typeof useTranslation>['t'];

/** The server's reasons for refusing a file, in the user's language. */
function fileError(t: TFn, error: unknown): string {
  if (isApiError(error, 'PAYLOAD_TOO_LARGE')) return t('contacts.importDialog.errors.tooLarge');
  if (isApiError(error, 'VALIDATION_FAILED')) {
    const code = error.details.find((d) => d.path === 'body.csv')?.code;
    if (code === 'noPhoneColumn') return t('contacts.importDialog.errors.noPhoneColumn');
    if (code === 'empty') return t('contacts.importDialog.errors.empty');
  }
  return translateError(t, error);
}

function rowProblems(t: TFn, row: ImportRow): string[] {
  return [
    ...row.errors.map((e) => t(`contacts.importDialog.rowError.${e}`, { line: row.duplicateOf ?? '' })),
    ...row.warnings.map((w) => t(`contacts.importDialog.rowWarning.${w}`)),
  ];
}

/** Paste or choose a CSV → preview with per-row errors → import → counts. */
export function ImportDialog({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const previewMutation = usePreviewImport(orgId);
  const importMutation = useImportContacts(orgId);

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    setLocalError(null);
    setPreview(null);
    // A rough byte check first: the server counts characters, but a file this big will not pass.
    if (file.size > CONTACTS_CSV_MAX_CHARS * 2) {
      setLocalError(t('contacts.importDialog.errors.tooLarge'));
      return;
    }
    try {
      setCsv(await file.text());
      setFileName(file.name);
    } catch {
      setLocalError(t('contacts.importDialog.errors.readFailed'));
    }
  };

  const runPreview = () => {
    setLocalError(null);
    if (csv.length > CONTACTS_CSV_MAX_CHARS) {
      setLocalError(t('contacts.importDialog.errors.tooLarge'));
      return;
    }
    previewMutation.mutate(csv, { onSuccess: setPreview });
  };

  const rows = preview
    ? onlyProblems
      ? preview.rows.filter((r) => r.action === 'skip' || r.warnings.length)
      : preview.rows
    : [];
  const importable = preview ? preview.summary.create + preview.summary.update : 0;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={result ? t('contacts.importDialog.doneTitle') : t('contacts.importDialog.title')}
        description={result || preview ? undefined : t('contacts.importDialog.description')}
        className={preview && !result ? 'max-w-4xl!' : 'max-w-lg!'}
      >
        {result ? (
          <div className="space-y-4" data-testid="import-result">
            <ul className="flex flex-wrap gap-2">
              <li>
                <Badge tone="green">{t('contacts.importDialog.created', { count: result.created })}</Badge>
              </li>
              <li>
                <Badge tone="indigo">{t('contacts.importDialog.updated', { count: result.updated })}</Badge>
              </li>
              <li>
                <Badge tone={result.skipped ? 'amber' : 'neutral'}>
                  {t('contacts.importDialog.skipped', { count: result.skipped })}
                </Badge>
              </li>
            </ul>
            <div className="flex justify-end">
              <Button onClick={onClose}>{t('contacts.importDialog.close')}</Button>
            </div>
          </div>
        ) : preview ? (
          <div className="space-y-4">
            <ul className="flex flex-wrap gap-2" data-testid="import-summary">
              <li>
                <Badge tone="green">
                  {t('contacts.importDialog.summaryCreate', { count: preview.summary.create })}
                </Badge>
              </li>
              <li>
                <Badge tone="indigo">
                  {t('contacts.importDialog.summaryUpdate', { count: preview.summary.update })}
                </Badge>
              </li>
              <li>
                <Badge tone={preview.summary.skip ? 'red' : 'neutral'}>
                  {t('contacts.importDialog.summarySkip', { count: preview.summary.skip })}
                </Badge>
              </li>
            </ul>
            <div className="text-sm text-zinc-600">
              <p className="font-medium text-zinc-800">{t('contacts.importDialog.columns')}</p>
              <ul className="mt-1 flex flex-wrap gap-1.5">
                {preview.columns.map((c, i) => (
                  <li key={i}>
                    <Badge tone={c.role === 'field' ? 'neutral' : 'indigo'}>
                      {c.header && <bdi>{c.header}</bdi>}
                      {c.header && ' → '}
                      {t(`contacts.importDialog.role.${c.role}`)}
                      {c.field && (
                        <code dir="ltr" className="font-mono">
                          {`{${c.field}}`}
                        </code>
                      )}
                    </Badge>
                  </li>
                ))}
              </ul>
              {preview.headerless && <p className="mt-2">{t('contacts.importDialog.headerless')}</p>}
            </div>
            {preview.summary.update > 0 && <Alert tone="info">{t('contacts.importDialog.updateNote')}</Alert>}
            {importable === 0 && <Alert tone="warning">{t('contacts.importDialog.nothingToImport')}</Alert>}
            <div className="flex items-center gap-2">
              <Checkbox
                id={`${id}-problems`}
                checked={onlyProblems}
                onCheckedChange={(v) => setOnlyProblems(v === true)}
              />
              <Label htmlFor={`${id}-problems`}>{t('contacts.importDialog.onlyProblems')}</Label>
            </div>
            <div className="max-h-[50dvh] overflow-auto rounded-lg ring-1 ring-zinc-200">
              <table className="w-full text-start text-sm" data-testid="import-preview">
                <thead className="sticky top-0 bg-zinc-50 text-xs text-zinc-500">
                  <tr>
                    <th className="px-3 py-2 text-start font-medium">{t('contacts.importDialog.line')}</th>
                    <th className="px-3 py-2 text-start font-medium">{t('contacts.importDialog.number')}</th>
                    <th className="px-3 py-2 text-start font-medium">{t('contacts.importDialog.name')}</th>
                    <th className="hidden px-3 py-2 text-start font-medium sm:table-cell">
                      {t('contacts.importDialog.email')}
                    </th>
                    <th className="hidden px-3 py-2 text-start font-medium sm:table-cell">
                      {t('contacts.importDialog.tags')}
                    </th>
                    <th className="px-3 py-2 text-start font-medium">{t('contacts.importDialog.result')}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {rows.slice(0, SHOWN_ROWS).map((row) => {
                    const problems = rowProblems(t, row);
                    return (
                      <tr
                        key={row.line}
                        data-testid="import-row"
                        data-action={row.action}
                        className={cn(
                          row.action === 'skip' && 'bg-red-50',
                          row.action !== 'skip' && row.warnings.length > 0 && 'bg-amber-50',
                        )}
                      >
                        <td className="px-3 py-2 text-zinc-500 tabular-nums">{row.line}</td>
                        <td className="px-3 py-2">
                          <bdi dir="ltr" className="whitespace-nowrap">
                            {row.e164 ? formatPhone(row.e164) : row.phone || '—'}
                          </bdi>
                        </td>
                        <td className="max-w-40 truncate px-3 py-2">{row.name ?? ''}</td>
                        <td className="hidden max-w-48 truncate px-3 py-2 sm:table-cell">
                          {row.email ?? ''}
                        </td>
                        <td className="hidden px-3 py-2 sm:table-cell">{row.tags.join(', ')}</td>
                        <td className="px-3 py-2">
                          <span
                            className={cn(
                              'font-medium',
                              row.action === 'skip'
                                ? 'text-red-700'
                                : row.action === 'update'
                                  ? 'text-indigo-700'
                                  : 'text-emerald-700',
                            )}
                          >
                            {t(`contacts.importDialog.action.${row.action}`)}
                          </span>
                          {problems.map((p) => (
                            <span
                              key={p}
                              className={cn(
                                'block text-xs',
                                row.action === 'skip' ? 'text-red-700' : 'text-amber-800',
                              )}
                            >
                              {p}
                            </span>
                          ))}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {rows.length > SHOWN_ROWS && (
              <p className="text-xs text-zinc-500">
                {t('contacts.importDialog.showing', { shown: SHOWN_ROWS, total: rows.length })}
              </p>
            )}
            {importMutation.error && <Alert tone="error">{fileError(t, importMutation.error)}</Alert>}
            <div className="flex flex-wrap justify-between gap-2">
              <Button variant="secondary" onClick={() => setPreview(null)}>
                {t('contacts.importDialog.back')}
              </Button>
              <Button
                disabled={importable === 0}
                loading={importMutation.isPending}
                onClick={() => importMutation.mutate(csv, { onSuccess: setResult })}
              >
                {t('contacts.importDialog.confirm')} ({importable})
              </Button>
            </div>
          </div>
        ) : (
          <div className="space-y-3">
            <div className="space-y-1.5">
              <Label htmlFor={`${id}-csv`}>{t('contacts.importDialog.paste')}</Label>
              <Textarea
                id={`${id}-csv`}
                dir="auto"
                rows={6}
                value={csv}
                placeholder={t('contacts.importDialog.pastePlaceholder')}
                onChange={(e) => {
                  setCsv(e.target.value);
                  setFileName(null);
                }}
                className="font-mono text-xs"
              />
            </div>
            <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-600">
              <span>{t('contacts.importDialog.or')}</span>
              <label className="cursor-pointer font-medium text-indigo-600 hover:text-indigo-500">
                {t('contacts.importDialog.chooseFile')}
                <input
                  type="file"
                  accept=".csv,.txt,text/csv,text/plain"
                  className="sr-only"
                  onChange={(e) => void chooseFile(e.target.files?.[0])}
                />
              </label>
              {fileName && (
                <span className="text-zinc-500">
                  {t('contacts.importDialog.fileLoaded', { name: fileName })}
                </span>
              )}
            </div>
            <p className="text-xs text-zinc-500">{t('contacts.importDialog.limits')}</p>
            {(localError || previewMutation.error) && (
              <Alert tone="error">{localError ?? fileError(t, previewMutation.error)}</Alert>
            )}
            <div className="flex justify-end">
              <Button disabled={!csv.trim()} loading={previewMutation.isPending} onClick={runPreview}>
                {t('contacts.importDialog.preview')}
              </Button>
            </div>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
