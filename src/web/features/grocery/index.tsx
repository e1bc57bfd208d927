import {
  CarOutlined,
  ContactsOutlined,
  FieldTimeOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
} from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const groceryFeature: Feature = {
  id: 'grocery',
  publicRoutes: [{ path: 'grocery/prices', load: () => import('./pages/prices-page.tsx') }],
  routes: [
    { path: 'grocery/standing', access: 'grocery.manage', load: () => import('./pages/standing-page.tsx') },
    { path: 'grocery', access: 'grocery.order', load: () => import('./pages/grocery-page.tsx') },
    {
      path: 'grocery/directory',
      access: 'grocery.directory',
      load: () => import('./pages/directory-page.tsx'),
    },
    { path: 'grocery/cycles', access: 'grocery.read', load: () => import('./pages/cycles-page.tsx') },
    { path: 'grocery/cycles/:id', access: 'grocery.read', load: () => import('./pages/cycle-page.tsx') },
    {
      path: 'grocery/deliveries',
      access: 'grocery.deliver',
      load: () => import('./pages/deliveries-page.tsx'),
    },
  ],
  nav: [
    {
      path: '/grocery',
      labelKey: 'grocery:menu',
      icon: <ShoppingCartOutlined />,
      permission: 'grocery.order',
    },
    {
      path: '/grocery/directory',
      labelKey: 'grocery:directoryMenu',
      icon: <ContactsOutlined />,
      permission: 'grocery.directory',
    },
    {
      path: '/grocery/cycles',
      labelKey: 'grocery:cyclesMenu',
      icon: <ShopOutlined />,
      permission: 'grocery.read',
    },
    {
      path: '/grocery/standing',
      labelKey: 'grocery:standingMenu',
      icon: <FieldTimeOutlined />,
      permission: 'grocery.manage',
    },
    {
      path: '/grocery/deliveries',
      labelKey: 'grocery:deliveriesMenu',
      icon: <CarOutlined />,
      permission: 'grocery.deliver',
    },
  ],
  eventLabels: {
    'grocery.cycle-opened': 'grocery:eventNames.grocery_cycle-opened',
    'grocery.cycle-closed': 'grocery:eventNames.grocery_cycle-closed',
    'grocery.order-placed': 'grocery:eventNames.grocery_order-placed',
    'grocery.delivery': 'grocery:eventNames.grocery_delivery',
    'grocery.standing-failed': 'grocery:eventNames.grocery_standing-failed',
    'grocery.order-status': 'grocery:event.grocery.order-status',
  },
  messages,
};
