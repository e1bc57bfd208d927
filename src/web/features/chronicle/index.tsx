import { BookOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const chronicleFeature: Feature = {
  id: 'chronicle',
  routes: [
    { path: 'chronicle', access: 'chronicle.read', load: () => import('./pages/chronicle-page.tsx') },
    { path: 'chronicle/:id', access: 'chronicle.read', load: () => import('./pages/entry-page.tsx') },
  ],
  nav: [
    { path: '/chronicle', labelKey: 'chronicle:menu', icon: <BookOutlined />, permission: 'chronicle.read' },
  ],
  eventLabels: {
    'chronicle.approved': 'chronicle:eventNames.chronicle_approved',
    'chronicle.drafted': 'chronicle:drafted',
  },
  messages,
};
