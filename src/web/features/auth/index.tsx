import { UserOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const authFeature: Feature = {
  id: 'auth',
  publicRoutes: [{ path: 'login', load: () => import('./pages/login-page.tsx') }],
  routes: [{ path: 'account', access: 'authenticated', load: () => import('./pages/account-page.tsx') }],
  nav: [{ path: '/account', labelKey: 'auth:account', icon: <UserOutlined />, permission: 'authenticated' }],
  messages,
};
