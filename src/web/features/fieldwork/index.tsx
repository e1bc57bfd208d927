import {
  CarryOutOutlined,
  EnvironmentOutlined,
  GiftOutlined,
  ScheduleOutlined,
  TableOutlined,
} from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const fieldworkFeature: Feature = {
  id: 'fieldwork',
  routes: [
    { path: 'fieldwork/duty', access: 'fieldwork.duty', load: () => import('./pages/duty-page.tsx') },
    { path: 'fieldwork/grid', access: 'fieldwork.read', load: () => import('./pages/grid-page.tsx') },
    { path: 'fieldwork/tasks', access: 'authenticated', load: () => import('./pages/tasks-page.tsx') },
    {
      path: 'fieldwork/checkpoints',
      access: 'fieldwork.read',
      load: () => import('./pages/checkpoints-page.tsx'),
    },
    { path: 'fieldwork/support', access: 'authenticated', load: () => import('./pages/support-page.tsx') },
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
      path: '/fieldwork/checkpoints',
      labelKey: 'fieldwork:checkpointsMenu',
      icon: <EnvironmentOutlined />,
      permission: 'fieldwork.read',
    },
    {
      path: '/fieldwork/support',
      labelKey: 'fieldwork:supportMenu',
      icon: <GiftOutlined />,
      permission: 'authenticated',
    },
    {
      path: '/fieldwork/tasks',
      labelKey: 'fieldwork:tasksMenu',
      icon: <CarryOutOutlined />,
      permission: 'fieldwork.duty',
    },
  ],
  eventLabels: {
    'fieldwork.checkpoint-set-up': 'fieldwork:eventNames.fieldwork_checkpoint-set-up',
    'fieldwork.handover-requested': 'fieldwork:eventNames.fieldwork_handover-requested',
    'fieldwork.handover-accepted': 'fieldwork:eventNames.fieldwork_handover-accepted',
    'fieldwork.handover-declined': 'fieldwork:eventNames.fieldwork_handover-declined',
    'fieldwork.shifts-generated': 'fieldwork:eventNames.fieldwork_shifts-generated',
    'fieldwork.signed-up': 'fieldwork:eventNames.fieldwork_signed-up',
    'fieldwork.signed-out': 'fieldwork:eventNames.fieldwork_signed-out',
    'fieldwork.checked-in': 'fieldwork:eventNames.fieldwork_checked-in',
    'fieldwork.checked-out': 'fieldwork:eventNames.fieldwork_checked-out',
    'fieldwork.stand-in': 'fieldwork:eventNames.fieldwork_stand-in',
    'fieldwork.tasks-created': 'fieldwork:eventNames.fieldwork_tasks-created',
    'fieldwork.task-claimed': 'fieldwork:eventNames.fieldwork_task-claimed',
    'fieldwork.support-registered': 'fieldwork:eventNames.fieldwork_support-registered',

    'fieldwork.checkpoint-claimed': 'fieldwork:events.claimed',
    'fieldwork.batch-completed': 'fieldwork:events.batch',
  },
  messages,
};
