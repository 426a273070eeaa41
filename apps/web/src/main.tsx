// First import, so it runs first: the language's strings start downloading while React and the rest
// of the app are still being evaluated.
import { currentLocale, hasPickedLocale, i18nReady, setLocale } from './i18n/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { meQueryOptions } from './features/auth/api/get-me';
import './index.css';
import { App } from './app/app';
import { createQueryClient } from './app/query-client';
import { createAppRouter } from './app/router';

const queryClient = createQueryClient();
// Who is signed in is the router's first question: ask it while the language's strings download. No
// retries here: a server that does not answer must not hold the first paint back.
const accountLocale = queryClient.fetchQuery({ ...meQueryOptions(), retry: false }).then(
  (me) => me.user.locale,
  () => undefined,
);
// Routing starts at once too (sign-in check, redirects, the page's code) rather than after the strings;
// RouterProvider picks up the loaded page instead of loading it again.
const router = createAppRouter(queryClient);
router.load().catch(console.error);

// The first render waits for the language's strings (their own small chunk) so no key ever flashes.
// A signed-in account's saved language wins over this device's (see useLocaleSync in the app layout):
// switch before the first paint rather than show the other language for a moment. Should anything
// fail here, the app still renders rather than staying blank.
void Promise.all([i18nReady, accountLocale])
  .then(([, locale]) =>
    locale && locale !== currentLocale() && !hasPickedLocale() ? setLocale(locale) : undefined,
  )
  .catch(() => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App queryClient={queryClient} router={router} />
      </StrictMode>,
    ),
  );
