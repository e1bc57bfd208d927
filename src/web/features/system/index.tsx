import { ApiOutlined, KeyOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

/** The platform's own machinery, which was API-only: webhooks and their deliveries, job runs, pass keys. */
export const systemFeature: Feature = {
  id: 'system',
  routes: [
    { path: 'system/webhooks', access: 'webhooks.manage', load: () => import('./pages/webhooks-page.tsx') },
    { path: 'system/jobs', access: 'jobs.read', load: () => import('./pages/jobs-page.tsx') },
    { path: 'system/keys', access: 'passes.keys', load: () => import('./pages/keys-page.tsx') },
  ],
  nav: [
    {
      path: '/system/webhooks',
      labelKey: 'system:menuWebhooks',
      icon: <ApiOutlined />,
      permission: 'webhooks.manage',
    },
    {
      path: '/system/jobs',
      labelKey: 'system:menuJobs',
      icon: <ScheduleOutlined />,
      permission: 'jobs.read',
    },
    { path: '/system/keys', labelKey: 'system:menuKeys', icon: <KeyOutlined />, permission: 'passes.keys' },
  ],
  messages,
};
