import { DashboardOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const dashboardFeature: Feature = {
  id: 'dashboard',
  routes: [
    { path: 'dashboard', access: 'dashboard.read', load: () => import('./pages/dashboard-page.tsx') },
    { path: 'dashboard/:nodeId', access: 'dashboard.read', load: () => import('./pages/dashboard-page.tsx') },
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
