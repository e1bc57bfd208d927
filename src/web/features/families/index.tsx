import { CarryOutOutlined, HeartOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

/**
 * A named liaison may be a volunteer or an official: the pages open to anyone signed in and show
 * only what the server lets the caller see (their own families, or none).
 */
export const familiesFeature: Feature = {
  id: 'families',
  routes: [
    { path: 'families', access: 'authenticated', load: () => import('./pages/families-page.tsx') },
    { path: 'families/todo', access: 'authenticated', load: () => import('./pages/todo-page.tsx') },
    {
      path: 'families/deliveries',
      access: 'families.deliver',
      load: () => import('./pages/held-page.tsx'),
    },
    { path: 'families/:id', access: 'authenticated', load: () => import('./pages/family-page.tsx') },
  ],
  nav: [
    { path: '/families', labelKey: 'families:menu', icon: <HeartOutlined />, permission: 'families.read' },
    {
      path: '/families/todo',
      labelKey: 'families:todoMenu',
      icon: <CarryOutOutlined />,
      permission: 'families.deliver',
    },
  ],
  messages,
  eventLabels: {
    'families.delivery-missed': 'families:missedAlerts',
    'families.urgent-need': 'families:urgent',
  },
};
