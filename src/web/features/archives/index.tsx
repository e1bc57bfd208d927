import { FolderOpenOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const archivesFeature: Feature = {
  id: 'archives',
  routes: [{ path: 'archives', access: 'archives.read', load: () => import('./pages/archives-page.tsx') }],
  nav: [
    {
      path: '/archives',
      labelKey: 'archives:menu',
      icon: <FolderOpenOutlined />,
      permission: 'archives.read',
    },
  ],
  messages,
};
