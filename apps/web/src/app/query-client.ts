import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api-client';

export function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A lost session shows up first on any query: re-check /me so the app layout sends the user to /login.
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && query.queryKey[0] !== 'me') {
          void queryClient.invalidateQueries({ queryKey: ['me'] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) =>
          !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
