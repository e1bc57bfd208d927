import { FormOutlined, SolutionOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const returneesFeature: Feature = {
  id: 'returnees',
  routes: [
    { path: 'returnees', access: 'returnees.read', load: () => import('./pages/returnees-page.tsx') },
    {
      path: 'returnees/self',
      access: 'returnees.self',
      load: () => import('./pages/self-report-page.tsx'),
    },
    { path: 'returnees/:id', access: 'returnees.read', load: () => import('./pages/returnee-page.tsx') },
  ],
  publicRoutes: [{ path: 'report-return', load: () => import('./pages/public-report-page.tsx') }],
  nav: [
    {
      path: '/returnees',
      labelKey: 'returnees:menu',
      icon: <SolutionOutlined />,
      permission: 'returnees.read',
    },
    {
      path: '/returnees/self',
      labelKey: 'returnees:selfMenu',
      icon: <FormOutlined />,
      permission: 'returnees.self',
    },
  ],
  messages,
  eventLabels: {
    'returnees.registered': 'returnees:eventNames.returnees_registered',
    'returnees.imported': 'returnees:eventNames.returnees_imported',
    'returnees.isolation-started': 'returnees:eventNames.returnees_isolation-started',
    'returnees.released': 'returnees:eventNames.returnees_released',
    'returnees.lost': 'returnees:eventNames.returnees_lost',
    'returnees.alert': 'returnees:alert',
  },
};
