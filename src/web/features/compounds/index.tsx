import { AlertOutlined, HomeOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const compoundsFeature: Feature = {
  id: 'compounds',
  routes: [
    {
      path: 'compounds',
      access: 'compounds.read',
      load: () => import('./pages/compounds-page.tsx'),
      prefetch: async (ctx) => (await import('./api/get-compounds.ts')).prefetchCompounds(ctx),
    },
    { path: 'compounds/:id', access: 'compounds.read', load: () => import('./pages/compound-page.tsx') },
    { path: 'fevers', access: 'gate.fever.handle', load: () => import('./pages/fevers-page.tsx') },
  ],
  nav: [
    { path: '/compounds', labelKey: 'compounds:menu', icon: <HomeOutlined />, permission: 'compounds.read' },
    {
      path: '/fevers',
      labelKey: 'compounds:menuFevers',
      icon: <AlertOutlined />,
      permission: 'gate.fever.handle',
    },
  ],
  messages,
  eventLabels: {
    'gate.fever-closed': 'compounds:eventNames.gate_fever-closed',
    'pass.revoked': 'compounds:eventNames.pass_revoked',
    'gate.fever': 'compounds:fevers',
  },
};
