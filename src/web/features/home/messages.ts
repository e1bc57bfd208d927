export const messages = {
  'zh-CN': {
    home: '首页',
    welcome: '{{name}}，您好',
    yourGrants: '您的授权',
    overview: '{{node}} 概况',
    counts: '下辖节点',
    noNode: '请先在顶部选择一个节点',
  },
  en: {
    home: 'Home',
    welcome: 'Hello, {{name}}',
    yourGrants: 'Your grants',
    overview: '{{node}} at a glance',
    counts: 'Nodes below',
    noNode: 'Pick a node at the top first',
  },
};
