import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useCallback } from 'react';

/** Only same-site paths are followed after signing in, never another origin. */
export function safeRedirect(redirect: string | undefined): string {
  if (!redirect || !redirect.startsWith('/') || redirect.startsWith('//') || redirect.startsWith('/\\'))
    return '/';
  return redirect;
}

/** Forget everything cached for the previous (anonymous) session and go where the user was heading. */
export function useAfterSignIn() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(
    (redirect?: string) => {
      queryClient.removeQueries();
      router.history.push(safeRedirect(redirect));
    },
    [queryClient, router],
  );
}
