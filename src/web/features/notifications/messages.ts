export const messages = {
  'zh-CN': {
    menu: '实时动态',
    title: '实时动态',
    loadMore: '加载更多',
    noEvents: '暂无动态',
    new: '新',
  },
  en: {
    menu: 'Live activity',
    title: 'Live activity',
    loadMore: 'Load more',
    noEvents: 'Nothing has happened yet',
    new: 'new',
  },
};
