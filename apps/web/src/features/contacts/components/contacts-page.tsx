import type { Contact } from '@ava/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button, buttonClasses } from '../../../components/ui/button';
import { Dialog, DialogContent } from '../../../components/ui/dialog';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { PageHeader } from '../../../components/ui/page-header';
import { NativeSelect } from '../../../components/ui/select';
import { Spinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import { translateError } from '../../../lib/translate-error';
import { useDeleteContact } from '../api/delete-contact';
import { contactQueryOptions } from '../api/get-contact';
import { useContactTags } from '../api/list-contact-tags';
import { useContacts, type ContactFilters } from '../api/list-contacts';
import { ContactDialog } from './contact-dialog';
import { contactErrorMessage } from './contact-errors';
import { ImportDialog } from './import-dialog';

const chip = (active: boolean) =>
  cn(
    'inline-flex items-center gap-1 rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset',
    active
      ? 'bg-indigo-600 text-white ring-indigo-600'
      : 'bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50',
  );

/**
 * The address book: search, tag chips, add/edit, delete, CSV import, and the link into a conversation.
 * National numbers are read in the organisation's country (the list answer says which); `defaultCountry`,
 * the browser's guess, is not used for that so the hint never promises what the server will not do.
 */
export function ContactsPage({
  orgId,
  canManage,
}: {
  orgId: string;
  canManage: boolean;
  defaultCountry: string;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [tag, setTag] = useState<string>();
  const [optedOut, setOptedOut] = useState(false);
  const [sort, setSort] = useState<'newest' | 'name'>('newest');
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const remove = useDeleteContact(orgId);

  useEffect(() => {
    const id = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(id);
  }, [search]);

  const filters: ContactFilters = {
    ...(q ? { q } : {}),
    ...(tag ? { tag } : {}),
    ...(optedOut ? { optedOut: true } : {}),
    sort,
  };
  const contacts = useContacts(orgId, filters);
  const tags = useContactTags(orgId);
  const rows = contacts.data?.pages.flatMap((p) => p.contacts) ?? [];
  const first = contacts.data?.pages[0];
  const filtered = Boolean(q || tag || optedOut);
  const knownTags = tags.data?.tags.map((x) => x.tag) ?? [];
  const label = (c: Contact) => c.name || formatPhone(c.e164);

  const openContact = async (id: string) => {
    try {
      setEditing(await queryClient.fetchQuery(contactQueryOptions(orgId, id)));
    } catch (error) {
      toast.error({ title: translateError(t, error) });
    }
  };

  return (
    <div>
      <PageHeader
        title={t('contacts.title')}
        description={t('contacts.subtitle')}
        action={
          <div className="flex flex-wrap gap-2">
            {canManage && (
              <Button variant="secondary" onClick={() => setImporting(true)}>
                <Icon name="file" className="size-4" />
                {t('contacts.import')}
              </Button>
            )}
            <Button onClick={() => setEditing('new')}>
              <Icon name="user-plus" className="size-4" />
              {t('contacts.new')}
            </Button>
          </div>
        }
      />
      <div className="mb-4 flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <Input
            type="search"
            aria-label={t('contacts.search')}
            placeholder={t('contacts.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="min-w-0 flex-1 sm:max-w-xs"
          />
          <NativeSelect
            aria-label={t('contacts.sortLabel')}
            value={sort}
            onChange={(e) => setSort(e.target.value === 'name' ? 'name' : 'newest')}
            className="w-auto"
          >
            <option value="newest">{t('contacts.sortNewest')}</option>
            <option value="name">{t('contacts.sortName')}</option>
          </NativeSelect>
        </div>
        <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('contacts.filters')}>
          <button
            type="button"
            aria-pressed={!tag && !optedOut}
            onClick={() => {
              setTag(undefined);
              setOptedOut(false);
            }}
            className={chip(!tag && !optedOut)}
          >
            {t('contacts.all')}
          </button>
          <button
            type="button"
            aria-pressed={optedOut}
            onClick={() => setOptedOut((v) => !v)}
            className={chip(optedOut)}
          >
            {t('contacts.optOut.filter')}
          </button>
          {tags.data?.tags.map((x) => (
            <button
              key={x.tag}
              type="button"
              aria-pressed={tag === x.tag}
              onClick={() => setTag(tag === x.tag ? undefined : x.tag)}
              className={chip(tag === x.tag)}
            >
              <Icon name="hash" className="size-3.5 opacity-70" />
              <bdi>{x.tag}</bdi>
              <span className="text-xs opacity-70 tabular-nums">{x.count}</span>
            </button>
          ))}
        </div>
        {optedOut && <Alert tone="info">{t('contacts.optOut.explanation')}</Alert>}
      </div>

      {contacts.error && <Alert tone="error">{translateError(t, contacts.error)}</Alert>}
      {contacts.isPending && <Spinner label={t('app.loading')} />}
      {first && rows.length === 0 && (
        <EmptyState
          icon="users"
          title={filtered ? t('contacts.noMatchTitle') : t('contacts.emptyTitle')}
          body={filtered ? t('contacts.noMatchBody') : t('contacts.emptyBody')}
          action={
            filtered ? (
              <Button
                variant="secondary"
                onClick={() => {
                  setSearch('');
                  setTag(undefined);
                  setOptedOut(false);
                }}
              >
                {t('contacts.clearFilters')}
              </Button>
            ) : undefined
          }
        />
      )}
      {rows.length > 0 && (
        <>
          <p className="mb-2 text-sm text-zinc-500">
            {t('contacts.total', { count: first?.total ?? rows.length })}
          </p>
          {/* Cards on a phone, rows of a table from 640 px. */}
          <ul
            className="space-y-3 sm:space-y-0 sm:divide-y sm:divide-zinc-100 sm:rounded-xl sm:border sm:border-zinc-200/80 sm:bg-white sm:shadow-xs"
            data-testid="contacts-list"
          >
            {rows.map((c) => (
              <li
                key={c.id}
                data-testid="contact-row"
                className="flex flex-col gap-2 rounded-xl border border-zinc-200/80 bg-white p-4 shadow-xs sm:grid sm:grid-cols-[minmax(0,2fr)_minmax(0,1.3fr)_minmax(0,1.7fr)_auto] sm:items-center sm:gap-4 sm:rounded-none sm:border-0 sm:px-6 sm:py-3 sm:shadow-none"
              >
                <button type="button" onClick={() => setEditing(c)} className="min-w-0 text-start">
                  {/* dir="auto": a Latin name in the Hebrew UI is cut at its end, not its start. */}
                  <span
                    dir={c.name ? 'auto' : undefined}
                    className="block truncate text-sm font-medium text-zinc-900 rtl:text-right"
                  >
                    {c.name || <span className="text-zinc-500 italic">{t('contacts.noName')}</span>}
                  </span>
                  {c.email && (
                    <span dir="ltr" className="block truncate text-xs text-zinc-500 rtl:text-right">
                      {c.email}
                    </span>
                  )}
                </button>
                <span className="text-sm text-zinc-700 tabular-nums">
                  <bdi dir="ltr">{formatPhone(c.e164)}</bdi>
                </span>
                <div className="flex min-w-0 flex-wrap gap-1">
                  {c.optedOut && (
                    <Badge tone="red" title={t('contacts.optOut.explanation')}>
                      {t('contacts.optOut.badge')}
                      <span className="sr-only">: {t('contacts.optOut.explanation')}</span>
                    </Badge>
                  )}
                  {c.tags.map((x) => (
                    <Badge key={x}>
                      <bdi>{x}</bdi>
                    </Badge>
                  ))}
                </div>
                <div
                  className="flex items-center gap-1 sm:justify-end"
                  role="group"
                  aria-label={t('contacts.actions', { name: label(c) })}
                >
                  <Link
                    to="/messages"
                    // The Messages page reads `contact` to open (or start) this contact's thread.
                    search={{ contact: c.id } as never}
                    className={buttonClasses('secondary', 'sm')}
                  >
                    <Icon name="message" className="size-4" />
                    {t('contacts.message')}
                  </Link>
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={t('contacts.edit')}
                    onClick={() => setEditing(c)}
                  >
                    <Icon name="pencil" className="size-4" />
                  </Button>
                  {canManage && (
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={t('contacts.delete')}
                      title={c.optedOut ? t('contacts.deleteDialog.optedOutKept') : undefined}
                      disabled={c.optedOut}
                      onClick={() => {
                        remove.reset();
                        setDeleting(c);
                      }}
                    >
                      <Icon name="trash" className="size-4" />
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {contacts.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            loading={contacts.isFetchingNextPage}
            onClick={() => void contacts.fetchNextPage()}
          >
            {t('contacts.loadMore')}
          </Button>
        </div>
      )}

      {editing && (
        <ContactDialog
          key={editing === 'new' ? 'new' : editing.id}
          orgId={orgId}
          contact={editing === 'new' ? null : editing}
          country={first?.country ?? null}
          knownTags={knownTags}
          onOpenContact={(id) => void openContact(id)}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <ImportDialog orgId={orgId} onClose={() => setImporting(false)} />}
      {deleting && (
        <Dialog open onOpenChange={(open) => !open && setDeleting(null)}>
          <DialogContent
            title={t('contacts.deleteDialog.title')}
            description={t('contacts.deleteDialog.body', { name: label(deleting) })}
          >
            {remove.error && <Alert tone="error">{contactErrorMessage(t, i18n, remove.error)}</Alert>}
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setDeleting(null)}>
                {t('app.cancel')}
              </Button>
              <Button
                variant="danger"
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(deleting.id, {
                    onSuccess: () => {
                      toast.success({ title: t('contacts.deleteDialog.done') });
                      setDeleting(null);
                    },
                  })
                }
              >
                {t('contacts.deleteDialog.confirm')}
              </Button>
            </div>
          </DialogContent>
        </Dialog>
      )}
    </div>
  );
}
