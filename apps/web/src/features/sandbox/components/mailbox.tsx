import type { OutboxItem } from '@ava/contracts';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { PageSpinner } from '../../../components/ui/spinner';
import { isApiError } from '../../../lib/api-client';
import { cn } from '../../../lib/cn';
import { translateError } from '../../../lib/translate-error';
import { useOutbox } from '../api/list-outbox';

const urlPattern = /(https?:\/\/[^\s<>"')]+)/g;

/** Links become clickable; links to this site stay in this tab (SPA pages navigate without a reload). */
export function Linkified({ text }: { text: string }) {
  const router = useRouter();
  const parts = text.split(urlPattern);
  return (
    <>
      {parts.map((part, index) => {
        if (index % 2 === 0) return part;
        let url: URL | null = null;
        try {
          url = new URL(part);
        } catch {
          return part;
        }
        const sameOrigin = url.origin === window.location.origin;
        const path = `${url.pathname}${url.search}${url.hash}`;
        const isApi = /^\/(api|docs|webhooks|healthz|readyz)(\/|$)/.test(url.pathname);
        return (
          <a
            key={index}
            href={sameOrigin ? path : part}
            className="font-medium break-all text-indigo-600 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-500"
            {...(sameOrigin ? {} : { target: '_blank', rel: 'noreferrer noopener' })}
            onClick={(event) => {
              if (!sameOrigin || isApi || event.metaKey || event.ctrlKey) return;
              event.preventDefault();
              router.history.push(path);
            }}
          >
            {part}
          </a>
        );
      })}
    </>
  );
}

export function extractCode(text: string): string | null {
  return text.match(/\b(\d{6})\b/)?.[1] ?? null;
}

function useRelativeTime() {
  const { i18n } = useTranslation();
  return (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

function ChannelBadge({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  return (
    <Badge tone={item.channel === 'sms' ? 'green' : 'indigo'}>
      <Icon name={item.channel === 'sms' ? 'smartphone' : 'mail'} className="size-3" />
      {item.channel === 'sms' ? t('mailbox.sms') : t('mailbox.email')}
    </Badge>
  );
}

export function Mailbox({ header }: { header?: ReactNode }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [debounced, setDebounced] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const outbox = useOutbox(debounced.trim() || undefined);
  const time = useRelativeTime();

  useEffect(() => {
    const id = setTimeout(() => setDebounced(filter), 300);
    return () => clearTimeout(id);
  }, [filter]);

  const items = [...(outbox.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const selected = items.find((i) => i.id === selectedId) ?? null;

  return (
    <div className="mx-auto w-full max-w-6xl">
      {header}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex items-center gap-2.5 text-2xl font-semibold tracking-tight text-zinc-900">
            {t('mailbox.title')}
            <Badge tone="amber">
              <Icon name="flask" className="size-3" />
              {t('mailbox.badge')}
            </Badge>
          </h1>
          <p className="mt-1 max-w-2xl text-sm text-zinc-500">{t('mailbox.subtitle')}</p>
        </div>
        <div className="flex w-full items-center gap-2 sm:w-auto">
          <Input
            aria-label={t('mailbox.filter')}
            placeholder={t('mailbox.filterPlaceholder')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="sm:w-64"
            dir="auto"
          />
          <Button
            variant="secondary"
            size="icon"
            aria-label={t('mailbox.refresh')}
            onClick={() => void outbox.refetch()}
          >
            <Icon name="refresh" className={cn('size-4', outbox.isFetching && 'animate-spin')} />
          </Button>
        </div>
      </div>

      {outbox.isPending ? (
        <PageSpinner label={t('app.loading')} />
      ) : outbox.error ? (
        <Alert tone="error">
          {isApiError(outbox.error, 'NOT_FOUND') ? t('mailbox.unavailable') : translateError(t, outbox.error)}
        </Alert>
      ) : items.length === 0 ? (
        <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
          <Icon name="inbox" className="size-8 text-zinc-300" />
          <p className="mt-4 font-medium text-zinc-900">{t('mailbox.empty')}</p>
          <p className="mt-1 max-w-sm text-sm text-zinc-500">{t('mailbox.emptyBody')}</p>
        </div>
      ) : (
        <div className="grid overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-xs md:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
          <ul
            role="list"
            aria-label={t('mailbox.title')}
            className={cn(
              'divide-y divide-zinc-100 md:max-h-[70vh] md:overflow-y-auto md:border-e md:border-zinc-200',
              selected && 'hidden md:block',
            )}
          >
            {items.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  onClick={() => setSelectedId(item.id)}
                  aria-current={item.id === selectedId ? 'true' : undefined}
                  className={cn(
                    'block w-full px-4 py-3 text-start hover:bg-zinc-50',
                    item.id === selectedId && 'bg-indigo-50/60 hover:bg-indigo-50',
                  )}
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate text-sm font-medium text-zinc-900" dir="ltr">
                      {item.to}
                    </span>
                    <ChannelBadge item={item} />
                  </div>
                  <p className="mt-1 truncate text-sm text-zinc-700">
                    {item.channel === 'sms' ? item.text : (item.subject ?? t('mailbox.noSubject'))}
                  </p>
                  <p className="mt-0.5 text-xs text-zinc-400">{time(item.createdAt)}</p>
                </button>
              </li>
            ))}
          </ul>
          <div className={cn('min-w-0 p-5 sm:p-6', !selected && 'hidden md:block')}>
            {selected ? (
              <article aria-label={selected.subject ?? t('mailbox.sms')}>
                <Button variant="link" className="mb-4 md:hidden" onClick={() => setSelectedId(null)}>
                  <Icon name="arrow-left" className="size-4 rtl:rotate-180" />
                  {t('mailbox.back')}
                </Button>
                <div className="flex flex-wrap items-center gap-2">
                  <ChannelBadge item={selected} />
                  <span className="text-xs text-zinc-400">{time(selected.createdAt)}</span>
                </div>
                <h2 className="mt-3 text-lg font-semibold text-zinc-900">
                  {selected.channel === 'sms'
                    ? t('mailbox.sms')
                    : (selected.subject ?? t('mailbox.noSubject'))}
                </h2>
                <p className="mt-1 text-sm text-zinc-500">
                  {t('mailbox.to')}: <bdi dir="ltr">{selected.to}</bdi>
                </p>
                {selected.channel === 'sms' && extractCode(selected.text) && (
                  <div className="mt-5 inline-flex flex-col rounded-xl bg-zinc-50 px-6 py-4 ring-1 ring-zinc-200">
                    <span className="text-xs font-medium text-zinc-500 uppercase">{t('mailbox.code')}</span>
                    <span
                      className="font-mono text-4xl font-semibold tracking-[0.25em] text-zinc-900"
                      data-testid="sms-code"
                      dir="ltr"
                    >
                      {extractCode(selected.text)}
                    </span>
                  </div>
                )}
                <div
                  className="mt-5 text-sm leading-relaxed whitespace-pre-wrap text-zinc-800"
                  dir="auto"
                  data-testid="message-body"
                >
                  <Linkified text={selected.text} />
                </div>
              </article>
            ) : (
              <div className="flex h-full min-h-48 items-center justify-center text-sm text-zinc-400">
                {t('mailbox.select')}
              </div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
