import { NotificationOutlined, SendOutlined, TeamOutlined } from '@ant-design/icons';
import type { Feature } from '../../lib/feature.ts';
import { messages } from './messages.ts';

export const allianceFeature: Feature = {
  id: 'alliance',
  routes: [
    {
      path: 'inbox',
      access: 'authenticated',
      load: () => import('./pages/inbox-page.tsx'),
      prefetch: async ({ queryClient }) =>
        queryClient.prefetchQuery((await import('./api/get-inbox.ts')).inboxQuery),
    },
    { path: 'broadcasts', access: 'broadcasts.send', load: () => import('./pages/broadcasts-page.tsx') },
    {
      path: 'broadcasts/:id/reach',
      access: 'broadcasts.read-reach',
      load: () => import('./pages/reach-page.tsx'),
    },
    { path: 'volunteers', access: 'volunteers.read', load: () => import('./pages/roster-page.tsx') },
  ],
  publicRoutes: [
    { path: 'join', load: () => import('./pages/signup-page.tsx') },
    {
      path: 'releases',
      load: () => import('./pages/releases-page.tsx'),
      prefetch: async ({ queryClient }) =>
        queryClient.prefetchQuery(
          (await import('./api/get-public-broadcasts.ts')).publicBroadcastsQuery(undefined, '', 1),
        ),
    },
    { path: 'releases/:id', load: () => import('./pages/release-page.tsx') },
  ],
  nav: [
    {
      path: '/inbox',
      labelKey: 'alliance:menuInbox',
      icon: <NotificationOutlined />,
      permission: 'authenticated',
    },
    {
      path: '/broadcasts',
      labelKey: 'alliance:menuBroadcasts',
      icon: <SendOutlined />,
      permission: 'broadcasts.send',
    },
    {
      path: '/volunteers',
      labelKey: 'alliance:menuRoster',
      icon: <TeamOutlined />,
      permission: 'volunteers.read',
    },
  ],
  messages,
  eventLabels: {
    'team.created': 'alliance:eventNames.team_created',
    'group.created': 'alliance:eventNames.group_created',
    'volunteer.signed-up': 'alliance:eventNames.volunteer_signed-up',
    'volunteer.approved': 'alliance:eventNames.volunteer_approved',
    'volunteer.rejected': 'alliance:eventNames.volunteer_rejected',
    'notice.personal': 'alliance:eventNames.notice_personal',
    'broadcast.published': 'alliance:events.published',
  },
};
