import { AuditOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const auditFeature: Feature = {
  id: 'audit',
  routes: [{ path: 'audit', access: 'audit.read', load: () => import('./pages/audit-page.tsx') }],
  nav: [{ path: '/audit', labelKey: 'audit:menu', icon: <AuditOutlined />, permission: 'audit.read' }],
  messages,
};
