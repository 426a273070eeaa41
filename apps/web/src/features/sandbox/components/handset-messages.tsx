import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Icon } from '../../../components/ui/icons';
import { Spinner } from '../../../components/ui/spinner';
import { cn } from '../../../lib/cn';
import { formatPhone } from '../../../lib/phone';
import { useHandsetMessages, useSendHandsetMessage } from '../api/handset-messages';
import { findCode, groupThreads, type Thread, type ThreadMessage } from '../hooks/threads';
import { messageErrorText } from './sandbox-errors';

function useTimeFormat() {
  const { i18n } = useTranslation();
  return (at: number) => {
    if (!at) return '';
    const date = new Date(at);
    const sameDay = date.toDateString() === new Date().toDateString();
    return new Intl.DateTimeFormat(
      i18n.language,
      sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' },
    ).format(date);
  };
}

function PartyAvatar({ party, highlight }: { party: string; highlight?: boolean }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-10 shrink-0 items-center justify-center rounded-full text-white',
        highlight
          ? 'bg-gradient-to-br from-indigo-500 to-indigo-700'
          : 'bg-gradient-to-br from-zinc-400 to-zinc-600',
      )}
    >
      <Icon name={highlight ? 'sparkles' : 'user'} className="size-4" />
      <span className="sr-only">{party}</span>
    </span>
  );
}

function ThreadList({
  threads,
  to,
  onOpen,
}: {
  threads: Thread[];
  to: string | null;
  onOpen: (party: string) => void;
}) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center justify-between gap-2 px-4 pt-1 pb-2">
        <h2 className="text-lg font-semibold text-zinc-900">{t('simulator.threads')}</h2>
        <button
          type="button"
          onClick={() => to && onOpen(to)}
          disabled={!to}
          title={to ? undefined : t('simulator.needTo')}
          aria-label={
            to ? t('simulator.newMessageTo', { number: formatPhone(to) }) : t('simulator.newMessage')
          }
          className="inline-flex size-9 items-center justify-center rounded-full text-indigo-600 hover:bg-indigo-50 disabled:text-zinc-300 disabled:hover:bg-transparent"
        >
          <Icon name="pencil" className="size-[18px]" />
        </button>
      </div>
      {threads.length === 0 ? (
        <div className="flex flex-1 flex-col items-center justify-center px-8 pb-10 text-center">
          <span className="flex size-14 items-center justify-center rounded-full bg-indigo-50 text-indigo-500">
            <Icon name="message" className="size-6" />
          </span>
          <p className="mt-4 font-medium text-zinc-900">{t('simulator.noThreads')}</p>
          <p className="mt-1 text-sm text-zinc-500">{t('simulator.noThreadsBody')}</p>
        </div>
      ) : (
        <ul role="list" aria-label={t('simulator.threads')} className="min-h-0 flex-1 overflow-y-auto">
          {threads.map((thread) => {
            const last = thread.messages[thread.messages.length - 1];
            return (
              <li key={thread.party}>
                <button
                  type="button"
                  onClick={() => onOpen(thread.party)}
                  className="flex w-full items-center gap-3 px-4 py-2.5 text-start hover:bg-zinc-50"
                >
                  <PartyAvatar party={thread.party} highlight={thread.party === to} />
                  <span className="min-w-0 flex-1 border-b border-zinc-100 pb-2.5">
                    <span className="flex items-baseline justify-between gap-2">
                      <bdi dir="ltr" className="truncate text-sm font-semibold text-zinc-900">
                        {formatPhone(thread.party) || thread.party}
                      </bdi>
                      <span className="shrink-0 text-[11px] text-zinc-400">{time(thread.lastAt)}</span>
                    </span>
                    <span className="mt-0.5 block truncate text-sm text-zinc-500">
                      {last?.mine ? `${t('simulator.you')}: ` : ''}
                      <bdi>{last?.body}</bdi>
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function Bubble({ message }: { message: ThreadMessage }) {
  const { t } = useTranslation();
  const time = useTimeFormat();
  const code = message.mine ? null : findCode(message.body);
  const failed = message.status === 'failed' || message.status === 'undelivered';
  return (
    <li className={cn('flex flex-col', message.mine ? 'items-end' : 'items-start')} data-testid="bubble">
      <div
        className={cn(
          'max-w-[80%] rounded-2xl px-3.5 py-2 text-sm leading-snug break-words whitespace-pre-wrap',
          message.mine ? 'rounded-ee-md bg-indigo-600 text-white' : 'rounded-es-md bg-zinc-100 text-zinc-900',
        )}
        dir="auto"
        data-mine={message.mine}
      >
        {message.body}
        {code && (
          <span
            className="mt-2 block rounded-lg bg-white px-3 py-1.5 text-center font-mono text-xl font-semibold tracking-[0.2em] text-zinc-900 ring-1 ring-zinc-200"
            dir="ltr"
            data-testid="handset-code"
            aria-label={`${t('simulator.code')}: ${code}`}
          >
            {code}
          </span>
        )}
      </div>
      <span className="mt-0.5 px-1 text-[10px] text-zinc-400">
        {failed ? (
          <span className="font-medium text-red-600">{t('simulator.failed')}</span>
        ) : (
          time(message.at)
        )}
      </span>
    </li>
  );
}

function Conversation({
  handset,
  party,
  thread,
  onBack,
}: {
  handset: string;
  party: string;
  thread: Thread | undefined;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const send = useSendHandsetMessage();
  const [text, setText] = useState('');
  const endRef = useRef<HTMLDivElement>(null);
  const count = thread?.messages.length ?? 0;

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [count, send.isPending]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    send.mutate({ from: handset, to: party, body }, { onSuccess: () => setText('') });
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-1 border-b border-zinc-100 px-2 pb-2">
        <button
          type="button"
          onClick={onBack}
          aria-label={t('simulator.back')}
          className="inline-flex size-9 items-center justify-center rounded-full text-indigo-600 hover:bg-indigo-50"
        >
          <Icon name="arrow-left" className="size-5 rtl:rotate-180" />
        </button>
        <PartyAvatar party={party} />
        <h2 className="ms-2 min-w-0 truncate text-sm font-semibold text-zinc-900">
          <bdi dir="ltr" data-testid="conversation-party">
            {formatPhone(party) || party}
          </bdi>
        </h2>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-3 py-3">
        <ul
          role="list"
          aria-label={t('simulator.conversationWith', { number: formatPhone(party) })}
          className="space-y-2"
        >
          {thread?.messages.map((message) => (
            <Bubble key={message.sid} message={message} />
          ))}
          {send.isPending && (
            <li className="flex flex-col items-end opacity-60">
              <div
                className="max-w-[80%] rounded-2xl rounded-ee-md bg-indigo-600 px-3.5 py-2 text-sm whitespace-pre-wrap text-white"
                dir="auto"
              >
                {send.variables.body}
              </div>
              <span className="mt-0.5 px-1 text-[10px] text-zinc-400">{t('simulator.sending')}</span>
            </li>
          )}
        </ul>
        {count === 0 && !send.isPending && (
          <p className="mt-6 text-center text-xs text-zinc-400">{t('simulator.startConversation')}</p>
        )}
        <div ref={endRef} />
      </div>
      {send.error && (
        <div className="px-3 pb-2">
          <Alert tone="error" className="text-xs">
            {messageErrorText(t, send.error, party)}
          </Alert>
        </div>
      )}
      <form onSubmit={submit} className="flex items-end gap-2 border-t border-zinc-100 px-3 py-2">
        <textarea
          aria-label={t('simulator.messagePlaceholder')}
          placeholder={t('simulator.messagePlaceholder')}
          value={text}
          rows={1}
          dir="auto"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          className="max-h-28 min-h-10 flex-1 resize-none rounded-2xl border-0 bg-zinc-100 px-3.5 py-2.5 text-sm text-zinc-900 placeholder:text-zinc-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
        />
        <button
          type="submit"
          aria-label={t('simulator.send')}
          disabled={!text.trim() || send.isPending}
          className="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-zinc-200 disabled:text-zinc-400"
        >
          {send.isPending ? <Spinner className="size-4" /> : <Icon name="arrow-up" className="size-5" />}
        </button>
      </form>
    </div>
  );
}

/** The Messages app of the simulated handset: threads by the other party, and a conversation view. */
export function HandsetMessages({ handset, to }: { handset: string | null; to: string | null }) {
  const { t } = useTranslation();
  const inbox = useHandsetMessages(handset);
  // null: the thread list; else the conversation with that number. Starts on the AVA number if set.
  const [open, setOpen] = useState<string | null>(to);
  const threads = handset && inbox.data ? groupThreads(inbox.data, handset) : [];

  if (!handset) {
    return (
      <div className="p-4">
        <Alert tone="warning">{t('simulator.errors.badHandset')}</Alert>
      </div>
    );
  }
  if (inbox.isPending) {
    return (
      <div className="flex flex-1 items-center justify-center text-zinc-400">
        <Spinner className="size-5" />
      </div>
    );
  }
  if (inbox.error && !inbox.data) {
    return (
      <div className="p-4">
        <Alert tone="error">{messageErrorText(t, inbox.error, handset)}</Alert>
      </div>
    );
  }
  if (open) {
    return (
      <Conversation
        key={open}
        handset={handset}
        party={open}
        thread={threads.find((th) => th.party === open)}
        onBack={() => setOpen(null)}
      />
    );
  }
  return <ThreadList threads={threads} to={to} onOpen={setOpen} />;
}
