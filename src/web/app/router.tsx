import type { QueryClient } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Link, Navigate, type RouteObject, useLocation } from 'react-router';
import type { Me } from '../../contracts/auth.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { type Access, can, meQueryKey, useMe, usePermission } from '../lib/auth.ts';
import { resolveCurrentNode } from '../lib/current-node.tsx';
import type { FeatureRoute, PublicRoute } from '../lib/feature.ts';
import { features } from './features.tsx';

let shellModule: Promise<typeof import('./shell/shell.tsx')> | undefined;
/**
 * The signed-in shell (menu, header, live stream) is its own chunk: sign-in and the public pages
 * never need it. main.tsx starts it at once when the page says someone is signed in.
 */
export function loadShell() {
  shellModule ??= import('./shell/shell.tsx');
  return shellModule;
}
const Shell = lazy(() => loadShell().then((m) => ({ default: m.Shell })));

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFoundTitle')}
      subTitle={t('notFoundText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A page the user's permissions do not cover looks like one that does not exist. */
function RequireAccess({ access, page: Page }: { access: Access; page: ComponentType }) {
  return usePermission(access) ? <Page /> : <NotFound />;
}

function RequireSignIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <Suspense fallback={<Loading />}>
      <Shell me={me.data} />
    </Suspense>
  );
}

function RouteError() {
  return <ErrorState error={new Error('page failed to load')} onRetry={() => window.location.reload()} />;
}

/**
 * A loader that never waits: it starts the page's first queries and lets the router go on, so
 * the queries run while the page's code downloads. Only for a user the page is open to: a
 * refused request would only print an error in the console.
 */
function prefetchLoader(queryClient: QueryClient, route: FeatureRoute): RouteObject['loader'] {
  const { prefetch } = route;
  if (!prefetch) return undefined;
  return ({ params }) => {
    const me = queryClient.getQueryData<Me | null>(meQueryKey);
    if (me && can(me, route.access)) {
      const currentNode = () => resolveCurrentNode(queryClient, me.id);
      void prefetch({ queryClient, params, me, currentNode }).catch(() => undefined);
    }
    return null;
  };
}

function publicPrefetchLoader(queryClient: QueryClient, route: PublicRoute): RouteObject['loader'] {
  const { prefetch } = route;
  if (!prefetch) return undefined;
  return ({ params }) => {
    void prefetch({ queryClient, params }).catch(() => undefined);
    return null;
  };
}

function toRoute(queryClient: QueryClient, route: FeatureRoute): RouteObject {
  const loadPage = async () => {
    const { default: Page } = await route.load();
    return { element: <RequireAccess access={route.access} page={Page} /> };
  };
  const loader = prefetchLoader(queryClient, route);
  return route.path === ''
    ? { index: true, lazy: loadPage, loader }
    : { path: route.path, lazy: loadPage, loader };
}

export function createRouter(queryClient: QueryClient) {
  const publicRoutes: RouteObject[] = features.flatMap((f) =>
    (f.publicRoutes ?? []).map((route) => ({
      path: `/${route.path}`,
      lazy: async () => ({ Component: (await route.load()).default }),
      loader: publicPrefetchLoader(queryClient, route),
      hydrateFallbackElement: <Loading />,
    })),
  );
  return createBrowserRouter([
    ...publicRoutes,
    {
      path: '/',
      element: <RequireSignIn />,
      errorElement: <RouteError />,
      hydrateFallbackElement: <Loading />,
      children: [
        ...features.flatMap((f) => f.routes.map((route) => toRoute(queryClient, route))),
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
