import { ApartmentOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const regionsFeature: Feature = {
  id: 'regions',
  routes: [
    { path: 'regions', access: 'regions.read', load: () => import('./pages/tree-page.tsx') },
    { path: 'regions/:id', access: 'regions.read', load: () => import('./pages/tree-page.tsx') },
  ],
  nav: [
    { path: '/regions', labelKey: 'regions:menu', icon: <ApartmentOutlined />, permission: 'regions.read' },
  ],
  messages,
  eventLabels: { 'region.node-created': 'regions:events.nodeCreated' },
};
