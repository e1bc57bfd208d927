import { BellOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const notificationsFeature: Feature = {
  id: 'notifications',
  routes: [
    { path: 'notifications', access: 'events.read', load: () => import('./pages/notifications-page.tsx') },
  ],
  nav: [
    {
      path: '/notifications',
      labelKey: 'notifications:menu',
      icon: <BellOutlined />,
      permission: 'events.read',
    },
  ],
  messages,
};
