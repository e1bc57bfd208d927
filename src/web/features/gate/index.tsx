import { ScanOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const gateFeature: Feature = {
  id: 'gate',
  routes: [
    {
      path: 'gate',
      access: 'gate.scan',
      load: () => import('./pages/gate-page.tsx'),
      prefetch: async ({ queryClient }) =>
        queryClient.prefetchQuery((await import('./api/get-gate-compounds.ts')).gateCompoundsQuery),
    },
  ],
  nav: [{ path: '/gate', labelKey: 'gate:menu', icon: <ScanOutlined />, permission: 'gate.scan' }],
  messages,
};
