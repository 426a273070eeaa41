import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { Direction } from 'radix-ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ToastProvider } from '../components/ui/toast';
import { isRtl } from '../i18n/i18n';

function DirectionFromLanguage({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <Direction.Provider dir={isRtl(i18n.language) ? 'rtl' : 'ltr'}>{children}</Direction.Provider>;
}

export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <DirectionFromLanguage>
        <ToastProvider>{children}</ToastProvider>
      </DirectionFromLanguage>
    </QueryClientProvider>
  );
}
