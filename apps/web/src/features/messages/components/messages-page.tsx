import type { Conversation, Message, PhoneNumber } from '@ava/contracts';
import { useNavigate } from '@tanstack/react-router';
import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { Icon } from '../../../components/ui/icons';
import { Input } from '../../../components/ui/input';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { currentLocale } from '../../../i18n/i18n';
import { cn } from '../../../lib/cn';
import { formatDateTime } from '../../../lib/format';
import { formatPhone, normalisePhone } from '../../../lib/phone';
import { useNumbers } from '../../numbers/api/list-numbers';
import { openContactConversation, useConversations, useThread, useUpdateConversation } from '../api/messages';
import { Composer } from './composer';

const nameOf = (c: Conversation['contact']) => c.name || formatPhone(c.e164);

/** Delivery truth in one glyph: waiting, sent, delivered, or why it failed. */
function StatusMark({ m }: { m: Message }) {
  const { t } = useTranslation();
  if (m.direction === 'inbound') return null;
  const reason = m.errorReason && i18next.exists(m.errorReason) ? t(m.errorReason) : null;
  const label = t(`messages.status.${m.status}`, { defaultValue: m.status });
  if (m.status === 'failed' || m.status === 'undelivered')
    return (
      <span className="text-red-200" title={reason ?? label}>
        {label}
        {reason ? ` · ${reason}` : ''}
      </span>
    );
  const glyph =
    m.status === 'delivered' ? '✓✓' : m.status === 'sent' ? '✓' : m.status === 'canceled' ? '—' : '…';
  return (
    <span title={label} aria-label={label} data-status={m.status}>
      {m.status === 'pending' && m.sendAt && Date.parse(m.sendAt) > Date.now() + 60_000
        ? t('messages.scheduledFor', { when: formatDateTime(m.sendAt, currentLocale()) })
        : glyph}
    </span>
  );
}

function Thread({
  orgId,
  conversationId,
  numbers,
  onBack,
}: {
  orgId: string;
  conversationId: string;
  numbers: PhoneNumber[];
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const thread = useThread(orgId, conversationId);
  const update = useUpdateConversation(orgId);
  const bottom = useRef<HTMLDivElement>(null);
  const conv = thread.data?.conversation;
  const count = thread.data?.messages.length ?? 0;

  useEffect(() => {
    if (conv && conv.unreadCount > 0 && !update.isPending) update.mutate({ id: conv.id, read: true });
  }, [conv, update]);
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [count]);

  if (thread.isPending) return <Spinner className="m-auto" />;
  if (!thread.data || !conv) return null;
  return (
    <section
      className="flex h-full min-h-0 flex-col"
      aria-label={t('messages.threadWith', { name: nameOf(conv.contact) })}
    >
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2">
        <Button
          variant="ghost"
          size="icon"
          className="md:hidden"
          onClick={onBack}
          aria-label={t('messages.back')}
        >
          <Icon name="menu" className="size-4" aria-hidden />
        </Button>
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium text-zinc-900">{nameOf(conv.contact)}</p>
          <p className="text-xs text-zinc-500" dir="ltr">
            {formatPhone(conv.contact.e164)}
          </p>
        </div>
        {conv.contact.optedOut ? <Badge tone="red">{t('messages.optedOut')}</Badge> : null}
      </header>
      <ol className="min-h-0 flex-1 space-y-2 overflow-y-auto p-3" aria-label={t('messages.history')}>
        {thread.data.messages.map((m) => {
          const mine = m.direction === 'outbound';
          return (
            <li key={m.id} className={cn('flex flex-col', mine ? 'items-end' : 'items-start')}>
              <div
                dir="auto"
                className={cn(
                  'max-w-[85%] rounded-2xl px-3.5 py-2 text-sm whitespace-pre-wrap',
                  mine ? 'rounded-se-md bg-indigo-600 text-white' : 'rounded-ss-md bg-zinc-100 text-zinc-900',
                  m.status === 'canceled' && 'opacity-50',
                )}
              >
                {m.body}
                {m.mediaUrls.map((u) => (
                  <a key={u} href={u} target="_blank" rel="noreferrer" className="mt-1 block underline">
                    {t('messages.attachment')}
                  </a>
                ))}
                <div
                  className={cn(
                    'mt-1 flex gap-2 text-[11px]',
                    mine ? 'justify-end text-indigo-100' : 'text-zinc-500',
                  )}
                >
                  {m.ai ? <span>{t('messages.ai')}</span> : null}
                  <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, currentLocale())}</time>
                  <StatusMark m={m} />
                </div>
              </div>
            </li>
          );
        })}
        <div ref={bottom} />
      </ol>
      <Composer
        orgId={orgId}
        target={{ conversationId: conv.id }}
        recipient={conv.contact.e164}
        numbers={numbers}
        threadNumberId={conv.phoneNumberId}
        disabledReason={conv.contact.optedOut ? t('errors.OPTED_OUT') : undefined}
      />
    </section>
  );
}

function NewConversation({
  orgId,
  numbers,
  onOpened,
}: {
  orgId: string;
  numbers: PhoneNumber[];
  onOpened: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const e164 = normalisePhone(to);
  return (
    <section className="flex h-full flex-col" aria-label={t('messages.new')}>
      <div className="space-y-1 border-b border-zinc-200 p-3">
        <label className="text-sm font-medium text-zinc-800" htmlFor="new-to">
          {t('messages.to')}
        </label>
        <Input
          id="new-to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="+33 6 12 34 56 78"
          dir="ltr"
        />
      </div>
      <div className="flex-1" />
      <Composer
        orgId={orgId}
        target={{ to }}
        recipient={e164 ?? to}
        numbers={numbers}
        threadNumberId={null}
        onSent={onOpened}
      />
    </section>
  );
}

/** The inbox: one conversation per contact across all numbers, newest first, and the open thread. */
export function MessagesPage({
  orgId,
  conversationId,
  contactId,
}: {
  orgId: string;
  canManage: boolean;
  conversationId?: string | undefined;
  contactId?: string | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [composing, setComposing] = useState(false);
  const inbox = useConversations(orgId, q);
  const numbers = useNumbers(orgId).data?.numbers ?? [];
  const open = (id: string | null) => {
    setComposing(false);
    void navigate({ to: '/messages', search: id ? { c: id } : {} });
  };

  // Arriving from a contact ("Message"): open (or start) their conversation.
  useEffect(() => {
    if (!contactId) return;
    void openContactConversation(orgId, contactId).then(
      (c) => open(c.id),
      () => open(null),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgId, contactId]);

  const list = inbox.data?.conversations ?? [];
  const showThread = Boolean(conversationId) || composing;
  return (
    <div className="flex h-[calc(100dvh-9rem)] min-h-96 flex-col">
      <PageHeader
        title={t('messages.title')}
        description={
          inbox.data?.unreadTotal
            ? t('messages.unreadTotal', { count: inbox.data.unreadTotal })
            : t('messages.subtitle')
        }
        action={
          <Button size="sm" onClick={() => setComposing(true)}>
            <Icon name="pencil" className="size-4" aria-hidden />
            {t('messages.new')}
          </Button>
        }
      />
      <div className="flex min-h-0 flex-1 overflow-hidden rounded-xl bg-white ring-1 ring-zinc-200">
        <aside
          className={cn(
            'flex w-full min-w-0 flex-col border-e border-zinc-200 md:w-80',
            showThread && 'hidden md:flex',
          )}
        >
          <div className="border-b border-zinc-200 p-2">
            <Input
              type="search"
              aria-label={t('messages.search')}
              placeholder={t('messages.search')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          {inbox.isPending ? (
            <Spinner className="m-6" />
          ) : list.length === 0 ? (
            <EmptyState icon="message" title={t('messages.emptyTitle')} body={t('messages.emptyBody')} />
          ) : (
            <ul className="min-h-0 flex-1 overflow-y-auto" aria-label={t('messages.conversations')}>
              {list.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    onClick={() => open(c.id)}
                    aria-current={c.id === conversationId ? 'true' : undefined}
                    className={cn(
                      'flex w-full items-start gap-2 border-b border-zinc-100 px-3 py-2.5 text-start hover:bg-zinc-50',
                      c.id === conversationId && 'bg-indigo-50',
                    )}
                  >
                    <div className="min-w-0 flex-1">
                      <div className="flex items-baseline justify-between gap-2">
                        <span
                          className={cn(
                            'truncate text-sm',
                            c.unreadCount ? 'font-semibold text-zinc-900' : 'text-zinc-800',
                          )}
                        >
                          {nameOf(c.contact)}
                        </span>
                        <time className="shrink-0 text-[11px] text-zinc-400" dateTime={c.lastMessageAt}>
                          {formatDateTime(c.lastMessageAt, currentLocale())}
                        </time>
                      </div>
                      <p className="truncate text-xs text-zinc-500" dir="auto">
                        {c.lastDirection === 'outbound' ? `${t('messages.you')}: ` : ''}
                        {c.lastPreview}
                      </p>
                    </div>
                    {c.unreadCount ? (
                      <Badge tone="indigo" aria-label={t('messages.unread', { count: c.unreadCount })}>
                        {c.unreadCount}
                      </Badge>
                    ) : null}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
        <div className={cn('min-w-0 flex-1', !showThread && 'hidden md:block')}>
          {composing ? (
            <NewConversation orgId={orgId} numbers={numbers} onOpened={open} />
          ) : conversationId ? (
            <Thread
              key={conversationId}
              orgId={orgId}
              conversationId={conversationId}
              numbers={numbers}
              onBack={() => open(null)}
            />
          ) : (
            <div className="flex h-full items-center justify-center p-6 text-sm text-zinc-500">
              {t('messages.pick')}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
