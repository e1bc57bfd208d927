import { ShoppingCartOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const groceryFeature: Feature = {
  id: 'grocery',
  routes: [{ path: 'grocery', access: 'grocery.order', load: () => import('./pages/grocery-page.tsx') }],
  nav: [
    {
      path: '/grocery',
      labelKey: 'grocery:menu',
      icon: <ShoppingCartOutlined />,
      permission: 'grocery.order',
    },
  ],
  eventLabels: {
    'grocery.cycle-opened': 'grocery:eventNames.grocery_cycle-opened',
    'grocery.cycle-closed': 'grocery:eventNames.grocery_cycle-closed',
    'grocery.order-placed': 'grocery:eventNames.grocery_order-placed',
    'grocery.delivery': 'grocery:eventNames.grocery_delivery',
    'grocery.order-status': 'grocery:event.grocery.order-status',
  },
  messages,
};
