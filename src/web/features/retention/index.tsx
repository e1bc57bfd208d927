import { SafetyCertificateOutlined, UserDeleteOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

/** The personal-data inventory, the end of the emergency per node, and one person's requests. */
export const retentionFeature: Feature = {
  id: 'retention',
  routes: [
    { path: 'retention', access: 'retention.read', load: () => import('./pages/retention-page.tsx') },
    { path: 'personal-data', access: 'personal.request', load: () => import('./pages/person-page.tsx') },
  ],
  nav: [
    {
      path: '/retention',
      labelKey: 'retention:menu',
      icon: <SafetyCertificateOutlined />,
      permission: 'retention.read',
    },
    {
      path: '/personal-data',
      labelKey: 'retention:personMenu',
      icon: <UserDeleteOutlined />,
      permission: 'personal.request',
    },
  ],
  messages,
};
