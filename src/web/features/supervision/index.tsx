import { AuditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const supervisionFeature: Feature = {
  id: 'supervision',
  routes: [
    {
      path: 'supervision/visits',
      access: 'supervision.inspect',
      load: () => import('./pages/visits-page.tsx'),
    },
    {
      path: 'supervision/visits/:id',
      access: 'supervision.inspect',
      load: () => import('./pages/visit-page.tsx'),
    },
    { path: 'supervision/orders', access: 'authenticated', load: () => import('./pages/orders-page.tsx') },
    { path: 'supervision/orders/:id', access: 'authenticated', load: () => import('./pages/order-page.tsx') },
  ],
  publicRoutes: [{ path: 'public/supervision/:id', load: () => import('./pages/public-round-page.tsx') }],
  nav: [
    {
      path: '/supervision/visits',
      labelKey: 'supervision:visitsMenu',
      icon: <SafetyCertificateOutlined />,
      permission: 'supervision.inspect',
    },
    {
      path: '/supervision/orders',
      labelKey: 'supervision:ordersMenu',
      icon: <AuditOutlined />,
      permission: 'supervision.rectify',
    },
  ],
  eventLabels: {
    'supervision.finding-recorded': 'supervision:events.finding',
    'supervision.order-answered': 'supervision:events.answered',
    'supervision.visits-assigned': 'supervision:events.assigned',
  },
  messages,
};
