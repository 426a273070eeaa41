import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/checkbox';
import { Input } from '../../../components/ui/input';
import { Label } from '../../../components/ui/label';
import { Spinner } from '../../../components/ui/spinner';
import { Textarea } from '../../../components/ui/textarea';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useContactTags } from '../api/list-contact-tags';
import { useRecipientContacts } from '../api/list-contacts';
import { parseNumbers, type Draft, type PickedContact } from './draft';

type Mode = 'contacts' | 'tags' | 'numbers';
const modes: Mode[] = ['contacts', 'tags', 'numbers'];

const tabClass = (active: boolean) =>
  cn(
    'rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset',
    active
      ? 'bg-indigo-600 text-white ring-indigo-600'
      : 'bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50',
  );

/**
 * Who gets the text: contacts ticked by hand (or everyone matching a search), contacts with some tags,
 * and pasted numbers. The three add up; the server removes duplicates and says so in the preview.
 */
export function RecipientsStep({
  orgId,
  draft,
  onChange,
}: {
  orgId: string;
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('contacts');
  const picked = Object.keys(draft.contacts).length;
  const numbers = parseNumbers(draft.numbersText).length;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('bulk.recipients.how')}>
        {modes.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            className={tabClass(mode === m)}
            onClick={() => setMode(m)}
          >
            {t(`bulk.recipients.mode.${m}`)}
          </button>
        ))}
      </div>

      {mode === 'contacts' && <ContactsPicker orgId={orgId} draft={draft} onChange={onChange} />}
      {mode === 'tags' && <TagsPicker orgId={orgId} draft={draft} onChange={onChange} />}
      {mode === 'numbers' && (
        <div className="space-y-1.5">
          <Label htmlFor="bulk-numbers">{t('bulk.recipients.numbers')}</Label>
          <Textarea
            id="bulk-numbers"
            dir="ltr"
            rows={6}
            value={draft.numbersText}
            onChange={(e) => onChange({ numbersText: e.target.value })}
            placeholder={'+33 6 12 34 56 78\n+1 415 555 0100'}
            aria-describedby="bulk-numbers-hint"
          />
          <p id="bulk-numbers-hint" className="text-xs text-zinc-500">
            {t('bulk.recipients.numbersHint')}
          </p>
        </div>
      )}

      <p className="text-sm text-zinc-700" aria-live="polite" data-testid="recipients-summary">
        {t('bulk.recipients.summary', {
          contacts: draft.matchQuery
            ? t('bulk.recipients.matching', { q: draft.matchQuery })
            : t('bulk.recipients.contactsCount', { count: picked }),
          tags: t('bulk.recipients.tagsCount', { count: draft.tags.length }),
          numbers: t('bulk.recipients.numbersCount', { count: numbers }),
        })}
      </p>
    </div>
  );
}

function ContactsPicker({
  orgId,
  draft,
  onChange,
}: {
  orgId: string;
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(draft.matchQuery ?? '');
  const [q, setQ] = useState(draft.matchQuery ?? '');
  useEffect(() => {
    const id = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(id);
  }, [search]);
  const contacts = useRecipientContacts(orgId, q);
  const rows = contacts.data?.pages.flatMap((p) => p.contacts) ?? [];
  const total = contacts.data?.pages[0]?.total ?? 0;
  const matchAll = Boolean(draft.matchQuery) && draft.matchQuery === q;

  const toggle = (c: PickedContact, on: boolean) => {
    const next = { ...draft.contacts };
    if (on) next[c.id] = { id: c.id, name: c.name, e164: c.e164 };
    else delete next[c.id];
    onChange({ contacts: next });
  };
  const pickPage = () => {
    const next = { ...draft.contacts };
    for (const c of rows) next[c.id] = { id: c.id, name: c.name, e164: c.e164 };
    onChange({ contacts: next });
  };

  return (
    <div className="space-y-3">
      <Input
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        aria-label={t('bulk.recipients.search')}
        placeholder={t('bulk.recipients.searchPlaceholder')}
      />
      {q && total > 0 && (
        <label className="flex items-center gap-2 text-sm text-zinc-800">
          <Checkbox
            checked={matchAll}
            onCheckedChange={(v) => onChange({ matchQuery: v === true ? q : null })}
          />
          {t('bulk.recipients.matchAll', { count: total, q })}
        </label>
      )}
      {contacts.error && <Alert tone="error">{translateError(t, contacts.error)}</Alert>}
      {contacts.isPending ? (
        <Spinner label={t('app.loading')} />
      ) : rows.length === 0 ? (
        <p className="py-4 text-center text-sm text-zinc-500">
          {q ? t('bulk.recipients.noMatch') : t('bulk.recipients.noContacts')}
        </p>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-500">
            <span>{t('bulk.recipients.shown', { shown: rows.length, total })}</span>
            <span className="flex gap-2">
              <Button variant="link" size="sm" onClick={pickPage} disabled={matchAll}>
                {t('bulk.recipients.pickShown')}
              </Button>
              {Object.keys(draft.contacts).length > 0 && (
                <Button variant="link" size="sm" onClick={() => onChange({ contacts: {} })}>
                  {t('bulk.recipients.clear')}
                </Button>
              )}
            </span>
          </div>
          <ul
            className="max-h-80 divide-y divide-zinc-100 overflow-y-auto rounded-lg ring-1 ring-zinc-200"
            aria-label={t('bulk.recipients.list')}
          >
            {rows.map((c) => {
              const label = c.name || formatPhone(c.e164);
              return (
                <li key={c.id}>
                  <label className="flex cursor-pointer items-center gap-3 px-3 py-2 hover:bg-zinc-50">
                    <Checkbox
                      aria-label={label}
                      checked={matchAll || Boolean(draft.contacts[c.id])}
                      disabled={matchAll}
                      onCheckedChange={(v) => toggle(c, v === true)}
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm text-zinc-900">{c.name || '—'}</span>
                      <bdi dir="ltr" className="block truncate text-xs text-zinc-500">
                        {formatPhone(c.e164)}
                      </bdi>
                    </span>
                    {c.optedOut && <Badge tone="amber">{t('bulk.recipients.optedOut')}</Badge>}
                    {c.tags.length > 0 && (
                      <span className="hidden truncate text-xs text-zinc-400 sm:block">
                        {c.tags.join(', ')}
                      </span>
                    )}
                  </label>
                </li>
              );
            })}
          </ul>
          {contacts.hasNextPage && (
            <div className="flex justify-center">
              <Button
                variant="secondary"
                size="sm"
                loading={contacts.isFetchingNextPage}
                onClick={() => void contacts.fetchNextPage()}
              >
                {t('bulk.recipients.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function TagsPicker({
  orgId,
  draft,
  onChange,
}: {
  orgId: string;
  draft: Draft;
  onChange: (patch: Partial<Draft>) => void;
}) {
  const { t } = useTranslation();
  const tags = useContactTags(orgId);
  const list = tags.data?.tags ?? [];
  const toggle = (tag: string, on: boolean) =>
    onChange({ tags: on ? [...draft.tags, tag] : draft.tags.filter((x) => x !== tag) });
  if (tags.isPending) return <Spinner label={t('app.loading')} />;
  if (tags.error) return <Alert tone="error">{translateError(t, tags.error)}</Alert>;
  if (list.length === 0) return <p className="py-4 text-sm text-zinc-500">{t('bulk.recipients.noTags')}</p>;
  return (
    <fieldset className="space-y-2">
      <legend className="mb-2 text-sm text-zinc-600">{t('bulk.recipients.tagsHint')}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {list.map(({ tag, count }) => (
          <label key={tag} className="flex items-center gap-2 text-sm text-zinc-800">
            <Checkbox checked={draft.tags.includes(tag)} onCheckedChange={(v) => toggle(tag, v === true)} />
            <span dir="auto">{tag}</span>
            <span className="text-xs text-zinc-500 tabular-nums">({count})</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
