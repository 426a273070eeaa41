import { Toast as RadixToast } from 'radix-ui';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../lib/cn';
import { Icon, type IconName } from './icons';

export type ToastTone = 'success' | 'error' | 'info';
export type ToastInput = {
  title: ReactNode;
  description?: ReactNode;
  /** a button inside the toast, e.g. "Try again" */
  action?: { label: string; onClick: () => void };
  /** ms; errors stay longer */
  duration?: number;
};
type ToastItem = ToastInput & { id: number; tone: ToastTone; open: boolean };

type ToastApi = Record<ToastTone, (toast: ToastInput) => void>;

const ToastContext = createContext<ToastApi | null>(null);
const noop: ToastApi = { success: () => undefined, error: () => undefined, info: () => undefined };

const styles: Record<ToastTone, { icon: IconName; color: string; ring: string }> = {
  success: { icon: 'check-circle', color: 'text-emerald-500', ring: 'ring-emerald-200' },
  error: { icon: 'alert', color: 'text-red-500', ring: 'ring-red-200' },
  info: { icon: 'info', color: 'text-indigo-500', ring: 'ring-indigo-200' },
};

let nextId = 1;

/** Radix toasts with a tiny imperative API (`useToast().success({ title })`). Swipes toward the reading end. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const push = useCallback((tone: ToastTone, toast: ToastInput) => {
    const id = nextId++;
    setToasts((list) => [...list.slice(-4), { ...toast, id, tone, open: true }]);
  }, []);
  const api = useMemo<ToastApi>(
    () => ({
      success: (toast) => push('success', toast),
      error: (toast) => push('error', toast),
      info: (toast) => push('info', toast),
    }),
    [push],
  );
  const rtl = i18n.dir(i18n.language) === 'rtl';
  const close = (id: number) => {
    setToasts((list) => list.map((item) => (item.id === id ? { ...item, open: false } : item)));
    setTimeout(() => setToasts((list) => list.filter((item) => item.id !== id)), 200);
  };
  return (
    <ToastContext.Provider value={api}>
      <RadixToast.Provider swipeDirection={rtl ? 'left' : 'right'} label={t('app.notifications')}>
        {children}
        {toasts.map((toast) => {
          const style = styles[toast.tone];
          return (
            <RadixToast.Root
              key={toast.id}
              open={toast.open}
              onOpenChange={(open) => !open && close(toast.id)}
              duration={toast.duration ?? (toast.tone === 'error' ? 10_000 : 6_000)}
              type={toast.tone === 'error' ? 'foreground' : 'background'}
              data-testid="toast"
              data-tone={toast.tone}
              className={cn(
                'pointer-events-auto flex w-full items-start gap-3 rounded-xl bg-white p-4 shadow-lg ring-1',
                style.ring,
                'data-[state=open]:animate-[pop-in_150ms_ease-out] data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x)',
              )}
            >
              <Icon name={style.icon} className={cn('mt-0.5 size-5 shrink-0', style.color)} />
              <div className="min-w-0 flex-1">
                <RadixToast.Title className="text-sm font-medium text-zinc-900">
                  {toast.title}
                </RadixToast.Title>
                {toast.description && (
                  <RadixToast.Description className="mt-1 text-sm text-zinc-600">
                    {toast.description}
                  </RadixToast.Description>
                )}
                {toast.action && (
                  <RadixToast.Action
                    altText={toast.action.label}
                    onClick={toast.action.onClick}
                    className="mt-2 text-sm font-medium text-indigo-600 hover:text-indigo-500"
                  >
                    {toast.action.label}
                  </RadixToast.Action>
                )}
              </div>
              <RadixToast.Close
                aria-label={t('app.close')}
                className="-m-1 rounded-md p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-600"
              >
                <Icon name="x" className="size-4" />
              </RadixToast.Close>
            </RadixToast.Root>
          );
        })}
        <RadixToast.Viewport className="fixed end-0 bottom-0 z-[60] flex max-h-dvh w-full max-w-sm flex-col gap-2 p-4 outline-none" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}

/** Toasts from anywhere under ToastProvider (no-ops outside it, e.g. in isolated tests). */
export function useToast(): ToastApi {
  return useContext(ToastContext) ?? noop;
}
