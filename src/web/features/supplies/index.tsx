import { GiftOutlined, InboxOutlined, SendOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const suppliesFeature: Feature = {
  id: 'supplies',
  routes: [
    { path: 'supplies', access: 'supplies.read', load: () => import('./pages/stock-page.tsx') },
    { path: 'supplies/needs', access: 'supplies.needs', load: () => import('./pages/needs-page.tsx') },
    {
      path: 'supplies/dispatch',
      access: 'supplies.deliver',
      load: () => import('./pages/dispatch-page.tsx'),
    },
  ],
  publicRoutes: [
    { path: 'sign/:token', load: () => import('./pages/sign-page.tsx') },
    { path: 'public/needs', load: () => import('./pages/public-needs-page.tsx') },
    { path: 'public/donations', load: () => import('./pages/public-donations-page.tsx') },
  ],
  nav: [
    { path: '/supplies', labelKey: 'supplies:menu', icon: <InboxOutlined />, permission: 'supplies.read' },
    {
      path: '/supplies/needs',
      labelKey: 'supplies:needsMenu',
      icon: <GiftOutlined />,
      permission: 'supplies.needs',
    },
    {
      path: '/supplies/dispatch',
      labelKey: 'supplies:dispatchMenu',
      icon: <SendOutlined />,
      permission: 'supplies.deliver',
    },
  ],
  eventLabels: {},
  messages,
};
