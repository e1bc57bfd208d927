import { HomeOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const homeFeature: Feature = {
  id: 'home',
  routes: [{ path: '', access: 'authenticated', load: () => import('./pages/home-page.tsx') }],
  nav: [{ path: '/', labelKey: 'home:home', icon: <HomeOutlined />, permission: 'authenticated' }],
  messages,
};
