import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ToastProvider } from '../components/ui/toast';
import '../i18n/i18n';

/** Renders a component inside a throwaway router and query client, as the app does. */
export function renderWithApp(ui: () => ReactNode, initialPath = '/') {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const rootRoute = createRootRoute({ component: () => <>{ui()}</> });
  const router = createRouter({
    routeTree: rootRoute,
    history: createMemoryHistory({ initialEntries: [initialPath] }),
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        {/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test router, not the app's registered one */}
        <RouterProvider router={router as any} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}

type FakeResponse = { status?: number; body?: unknown };

/** Replaces fetch (the network boundary) with a router of canned responses keyed by "METHOD path". */
export function mockFetch(routes: Record<string, FakeResponse | ((body: unknown) => FakeResponse)>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetchMock = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input.toString();
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body });
    const path = url.split('?')[0];
    const route = routes[`${method} ${path}`];
    const response = typeof route === 'function' ? route(body) : route;
    if (!response) {
      return new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'no session' } }), {
        status: 401,
      });
    }
    return new Response(response.body === undefined ? '' : JSON.stringify(response.body), {
      status: response.status ?? 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  globalThis.fetch = fetchMock as typeof fetch;
  return calls;
}
