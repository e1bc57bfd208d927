import { CarryOutOutlined, ScheduleOutlined, TableOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const fieldworkFeature: Feature = {
  id: 'fieldwork',
  routes: [
    { path: 'fieldwork/duty', access: 'fieldwork.duty', load: () => import('./pages/duty-page.tsx') },
    { path: 'fieldwork/grid', access: 'fieldwork.read', load: () => import('./pages/grid-page.tsx') },
    { path: 'fieldwork/tasks', access: 'authenticated', load: () => import('./pages/tasks-page.tsx') },
  ],
  nav: [
    {
      path: '/fieldwork/duty',
      labelKey: 'fieldwork:dutyMenu',
      icon: <ScheduleOutlined />,
      permission: 'fieldwork.duty',
    },
    {
      path: '/fieldwork/grid',
      labelKey: 'fieldwork:gridMenu',
      icon: <TableOutlined />,
      permission: 'fieldwork.read',
    },
    {
      path: '/fieldwork/tasks',
      labelKey: 'fieldwork:tasksMenu',
      icon: <CarryOutOutlined />,
      permission: 'fieldwork.duty',
    },
  ],
  eventLabels: {
    'fieldwork.checkpoint-claimed': 'fieldwork:events.claimed',
    'fieldwork.batch-completed': 'fieldwork:events.batch',
  },
  messages,
};
