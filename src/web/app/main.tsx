import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from '../lib/api.ts';
import { can, inlinedSession, meQueryKey } from '../lib/auth.ts';
import { rootsQuery } from '../lib/current-node.tsx';
import { useLocale } from '../lib/locale.ts';
import { features } from './features.tsx';
import { initI18n } from './i18n/index.ts';
import { createRouter, loadShell } from './router.tsx';

const i18n = initI18n(features);

// A session that expired mid-use sends the user back to sign in instead of showing errors.
function onApiError(err: unknown) {
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(meQueryKey, null);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && count < 2,
    },
  },
});

// Who is signed in came with the page: the shell's code and its first query start now, beside the
// page's own code and queries (started by the router's loaders), instead of one after the other.
const session = inlinedSession();
if (session !== undefined) queryClient.setQueryData(meQueryKey, session);
if (session) {
  void loadShell();
  if (can(session, 'regions.read')) void queryClient.prefetchQuery(rootsQuery);
}

const router = createRouter(queryClient);

// antd substitutes ${label} itself.
const REQUIRED = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: antd's placeholder, not a template
  'zh-CN': '请填写或选择${label}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: antd's placeholder, not a template
  en: '${label} is required',
};

function Root() {
  const locale = useLocale();
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#d4380d' } }}
      // antd's own 请输入… reads wrong under a dropdown; one wording fits inputs and selects.
      form={{ validateMessages: { required: REQUIRED[locale] } }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

/**
 * The service worker (public/sw.js) keeps the shell so the gate and a resident's pass open with no
 * network. It cannot see what this page loaded before it took control, so the page tells it.
 */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const sendAssets = () => {
    const urls = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.startsWith(`${location.origin}/assets/`));
    navigator.serviceWorker.controller?.postMessage({ type: 'cache-assets', urls });
  };
  navigator.serviceWorker.addEventListener('controllerchange', sendAssets);
  void navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then(sendAssets)
    .catch(() => undefined);
}
registerServiceWorker();

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Root />
      </QueryClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
