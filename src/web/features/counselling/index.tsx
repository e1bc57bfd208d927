import { AlertOutlined, CalendarOutlined, HeartOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const counsellingFeature: Feature = {
  id: 'counselling',
  routes: [
    { path: 'counselling', access: 'counselling.book', load: () => import('./pages/book-page.tsx') },
    { path: 'counselling/desk', access: 'counselling.publish', load: () => import('./pages/desk-page.tsx') },
    {
      path: 'counselling/overview',
      access: 'counselling.supervise',
      load: () => import('./pages/overview-page.tsx'),
    },
  ],
  nav: [
    {
      path: '/counselling',
      labelKey: 'counselling:menu',
      icon: <HeartOutlined />,
      permission: 'counselling.book',
    },
    {
      path: '/counselling/desk',
      labelKey: 'counselling:deskMenu',
      icon: <CalendarOutlined />,
      permission: 'counselling.publish',
    },
    {
      path: '/counselling/overview',
      labelKey: 'counselling:overviewMenu',
      icon: <AlertOutlined />,
      permission: 'counselling.supervise',
    },
  ],
  messages,
  eventLabels: {
    'counselling.crisis': 'counselling:events.crisis',
    'counselling.crisis-escalated': 'counselling:events.escalated',
    'counselling.crisis-answered': 'counselling:events.answered',
  },
};
