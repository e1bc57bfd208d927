import ExcelJS from 'exceljs';
import type { Reach } from '../../../contracts/alliance.ts';
import type { Locale } from '../../../contracts/common.ts';

const HEAD = {
  'zh-CN': {
    level: '层级',
    node: '节点',
    targeted: '应达',
    delivered: '已送达',
    read: '已读',
    acked: '已确认',
    groups: '群数',
    relayed: '已转发群',
    groupReach: '群覆盖人数',
    msTo50: '50% 已读用时（秒）',
    msTo90: '90% 已读用时（秒）',
    relay: '转发用时中位数（秒）',
    levels: { city: '市', county: '县区', street: '街镇', village: '村社区' },
  },
  en: {
    level: 'Level',
    node: 'Node',
    targeted: 'Targeted',
    delivered: 'Delivered',
    read: 'Read',
    acked: 'Acknowledged',
    groups: 'Groups',
    relayed: 'Groups relayed',
    groupReach: 'People in relayed groups',
    msTo50: 'Time to 50% read (s)',
    msTo90: 'Time to 90% read (s)',
    relay: 'Median relay latency (s)',
    levels: { city: 'City', county: 'County', street: 'Street', village: 'Village' },
  },
} as const;

const seconds = (ms: number | null) => (ms === null ? '' : Math.round(ms / 100) / 10);

/** The reach page as a workbook: one sheet per level, one per node. */
export async function reachWorkbook(reach: Reach, locale: Locale): Promise<Buffer> {
  const h = HEAD[locale];
  const workbook = new ExcelJS.Workbook();
  const counts = [h.targeted, h.delivered, h.read, h.acked, h.groups, h.relayed, h.groupReach];
  const levels = workbook.addWorksheet(locale === 'en' ? 'Levels' : '按层级');
  levels.addRow([h.level, ...counts, h.msTo50, h.msTo90, h.relay]).font = { bold: true };
  for (const l of reach.levels) {
    levels.addRow([
      h.levels[l.level],
      l.targeted,
      l.delivered,
      l.read,
      l.acked,
      l.groups,
      l.relayed,
      l.groupReach,
      seconds(l.msTo50),
      seconds(l.msTo90),
      seconds(l.relayLatencyMs),
    ]);
  }
  const nodes = workbook.addWorksheet(locale === 'en' ? 'Nodes' : '按节点');
  nodes.addRow([h.node, ...counts]).font = { bold: true };
  for (const n of reach.nodes) {
    nodes.addRow([n.nodeName, n.targeted, n.delivered, n.read, n.acked, n.groups, n.relayed, n.groupReach]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
