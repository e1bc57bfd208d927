export const messages = {
  'zh-CN': {
    menu: '通知',
    title: '通知与动态',
    loadMore: '加载更多',
    noEvents: '暂无通知',
    new: '新',
  },
  en: {
    menu: 'Notifications',
    title: 'Notifications',
    loadMore: 'Load more',
    noEvents: 'No notifications yet',
    new: 'new',
  },
};
