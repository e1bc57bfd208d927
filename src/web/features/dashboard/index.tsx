import { DashboardOutlined } from '@ant-design/icons';
import type { Feature, PrefetchContext } from '../../lib/feature.ts';
import { messages } from './messages.ts';

const prefetch = async (ctx: PrefetchContext) =>
  (await import('./api/get-dashboard.ts')).prefetchDashboard(ctx);

export const dashboardFeature: Feature = {
  id: 'dashboard',
  routes: [
    {
      path: 'dashboard',
      access: 'dashboard.read',
      load: () => import('./pages/dashboard-page.tsx'),
      prefetch,
    },
    {
      path: 'dashboard/:nodeId',
      access: 'dashboard.read',
      load: () => import('./pages/dashboard-page.tsx'),
      prefetch,
    },
  ],
  nav: [
    {
      path: '/dashboard',
      labelKey: 'dashboard:menu',
      icon: <DashboardOutlined />,
      permission: 'dashboard.read',
    },
  ],
  messages,
};
