import { BookOutlined, EnvironmentOutlined, TrophyOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const cadresFeature: Feature = {
  id: 'cadres',
  routes: [
    { path: 'cadres', access: 'cadres.read', load: () => import('./pages/areas-page.tsx') },
    { path: 'cadres/people', access: 'cadres.self', load: () => import('./pages/people-page.tsx') },
    { path: 'cadres/people/:id', access: 'cadres.self', load: () => import('./pages/ledger-page.tsx') },
    { path: 'cadres/honours', access: 'cadres.ledger', load: () => import('./pages/honours-page.tsx') },
  ],
  publicRoutes: [{ path: 'honours', load: () => import('./pages/public-page.tsx') }],
  nav: [
    {
      path: '/cadres',
      labelKey: 'cadres:areasMenu',
      icon: <EnvironmentOutlined />,
      permission: 'cadres.read',
    },
    {
      path: '/cadres/people',
      labelKey: 'cadres:ledgerMenu',
      icon: <BookOutlined />,
      // Everyone may open their own ledger (cadres.self), but only roles that hold areas or sit on
      // assessment groups ever have one; the rest would find an empty page in their menu.
      permission: 'cadres.read',
    },
    {
      path: '/cadres/honours',
      labelKey: 'cadres:honoursMenu',
      icon: <TrophyOutlined />,
      permission: 'cadres.ledger',
    },
  ],
  eventLabels: { 'cadres.list-published': 'cadres:published' },
  messages,
};
