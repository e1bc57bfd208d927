import { QrcodeOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

/** A resident's own pass and the household's, on their phone, like a health code. */
export const mypassFeature: Feature = {
  id: 'mypass',
  routes: [
    {
      path: 'my-pass',
      access: 'passes.mine',
      load: () => import('./pages/my-pass-page.tsx'),
      prefetch: async ({ queryClient, me }) =>
        queryClient.prefetchQuery((await import('./api/get-my-passes.ts')).myPassesQuery(me.id)),
    },
  ],
  nav: [{ path: '/my-pass', labelKey: 'mypass:menu', icon: <QrcodeOutlined />, permission: 'passes.mine' }],
  messages,
};
