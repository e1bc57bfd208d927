import {
  AuditOutlined,
  ControlOutlined,
  ExceptionOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const supervisionFeature: Feature = {
  id: 'supervision',
  routes: [
    {
      path: 'supervision/rounds',
      access: 'supervision.manage',
      load: () => import('./pages/rounds-page.tsx'),
    },
    {
      path: 'supervision/rounds/:id',
      access: 'supervision.manage',
      load: () => import('./pages/round-page.tsx'),
    },
    {
      path: 'supervision/settings',
      access: 'supervision.manage',
      load: () => import('./pages/settings-page.tsx'),
    },
    {
      path: 'supervision/discipline',
      access: 'supervision.discipline',
      load: () => import('./pages/discipline-page.tsx'),
    },
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
  publicRoutes: [
    { path: 'public/supervision', load: () => import('./pages/public-rounds-page.tsx') },
    { path: 'public/supervision/:id', load: () => import('./pages/public-round-page.tsx') },
  ],
  nav: [
    {
      path: '/supervision/rounds',
      labelKey: 'supervision:rounds.menu',
      icon: <ScheduleOutlined />,
      permission: 'supervision.manage',
    },
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
    {
      path: '/supervision/discipline',
      labelKey: 'supervision:discipline.menu',
      icon: <ExceptionOutlined />,
      permission: 'supervision.discipline',
    },
    {
      path: '/supervision/settings',
      labelKey: 'supervision:settings.menu',
      icon: <ControlOutlined />,
      permission: 'supervision.manage',
    },
  ],
  eventLabels: {
    'supervision.finding-recorded': 'supervision:events.finding',
    'supervision.order-answered': 'supervision:events.answered',
    'supervision.visits-assigned': 'supervision:events.assigned',
    'supervision.orders-escalated': 'supervision:events.escalated',
    'supervision.orders-due': 'supervision:events.due',
  },
  messages,
};
