import { TeamOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const usersFeature: Feature = {
  id: 'users',
  routes: [{ path: 'users', access: 'users.read', load: () => import('./pages/users-page.tsx') }],
  nav: [{ path: '/users', labelKey: 'users:menu', icon: <TeamOutlined />, permission: 'users.read' }],
  messages,
  eventLabels: { 'user.created': 'users:events.userCreated' },
};
