import { Button, Result } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Link, Navigate, type RouteObject, useLocation } from 'react-router';
import { ErrorState, Loading } from '../components/states.tsx';
import { type Access, useMe, usePermission } from '../lib/auth.ts';
import type { FeatureRoute } from '../lib/feature.ts';
import { features } from './features.tsx';
import { Shell } from './shell/shell.tsx';

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
  return <Shell me={me.data} />;
}

function RouteError() {
  return <ErrorState error={new Error('page failed to load')} onRetry={() => window.location.reload()} />;
}

function toRoute(route: FeatureRoute): RouteObject {
  const lazy = async () => {
    const { default: Page } = await route.load();
    return { element: <RequireAccess access={route.access} page={Page} /> };
  };
  return route.path === '' ? { index: true, lazy } : { path: route.path, lazy };
}

export function createRouter() {
  const publicRoutes: RouteObject[] = features.flatMap((f) =>
    (f.publicRoutes ?? []).map((route) => ({
      path: `/${route.path}`,
      lazy: async () => ({ Component: (await route.load()).default }),
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
      children: [...features.flatMap((f) => f.routes.map(toRoute)), { path: '*', element: <NotFound /> }],
    },
  ]);
}
