import ExcelJS from 'exceljs';
import type { Locale } from '../../../contracts/common.ts';
import type { Dashboard, Headline } from '../../../contracts/dashboard.ts';
import { TextPdf } from '../../core/pdf/index.ts';

const TEXT = {
  'zh-CN': {
    title: (node: string, day: string) => `${node} 每日态势 ${day}`,
    figures: '主要数据',
    figure: '指标',
    today: '今日',
    yesterday: '昨日',
    change: '变化',
    trend: '近 14 日趋势',
    breakdown: '下级分布',
    node: '辖区',
    attention: '需要关注',
    none: '无',
    more: (n: number) => `另有 ${n} 项`,
    footer: '星火 · 指挥部每日报表',
  },
  en: {
    title: (node: string, day: string) => `${node} daily dashboard ${day}`,
    figures: 'Key figures',
    figure: 'Figure',
    today: 'Today',
    yesterday: 'Yesterday',
    change: 'Change',
    trend: 'Last 14 days',
    breakdown: 'By subdivision',
    node: 'Node',
    attention: 'Needs attention',
    none: 'None',
    more: (n: number) => `and ${n} more`,
    footer: 'Xinghuo · daily command report',
  },
} as const;

/** A figure's value as people read it: a share in %, minutes, or a whole count. */
export function formatValue(f: Pick<Headline, 'format'>, value: number | null): string {
  if (value === null) return '—';
  if (f.format === 'percent') return `${(value * 100).toFixed(1)}%`;
  return String(Math.round(value));
}

function change(f: Headline): string {
  if (f.value === null || f.yesterday === null) return '—';
  const delta = f.format === 'percent' ? (f.value - f.yesterday) * 100 : f.value - f.yesterday;
  const text = f.format === 'percent' ? `${delta.toFixed(1)} pt` : String(Math.round(delta));
  return delta > 0 ? `+${text}` : text;
}

export async function dashboardPdf(d: Dashboard, locale: Locale): Promise<Uint8Array> {
  const t = TEXT[locale];
  const pdf = await TextPdf.create(t.title(d.node.name, d.day), t.footer);
  pdf.heading(t.title(d.node.name, d.day), 18);
  pdf.paragraph(d.breadcrumb.map((b) => b.name).join(' › '), 9, { grey: true });
  pdf.heading(t.figures, 13);
  pdf.table(
    [
      [t.figure, t.today, t.yesterday, t.change],
      ...d.figures.map((f) => [
        `${f.label[locale]}（${f.unit[locale]}）`,
        formatValue(f, f.value),
        formatValue(f, f.yesterday),
        change(f),
      ]),
    ],
    [0.5, 0.17, 0.17, 0.16],
  );
  pdf.heading(t.attention, 13);
  const open = d.attention.filter((a) => a.total > 0);
  if (open.length === 0) pdf.paragraph(t.none);
  for (const group of open) {
    pdf.paragraph(`${group.label[locale]}：${group.total}`, 10);
    for (const item of group.items) pdf.paragraph(`· ${item.place} ${item.title}`, 9, { indent: 12 });
    if (group.total > group.items.length)
      pdf.paragraph(t.more(group.total - group.items.length), 9, { indent: 12, grey: true });
  }
  pdf.heading(t.trend, 13);
  for (const f of d.figures) {
    const values = d.trend.series[f.key] ?? [];
    pdf.bars(f.label[locale], values, `${d.trend.days[0]} – ${d.day}`);
  }
  if (d.children.length > 0) {
    pdf.heading(t.breakdown, 13);
    const keys = d.figures.slice(0, 6);
    pdf.table(
      [
        [t.node, ...keys.map((f) => f.label[locale])],
        ...d.children.map((c) => [c.name, ...keys.map((f) => formatValue(f, c.values[f.key] ?? null))]),
      ],
      [0.22, ...keys.map(() => 0.78 / keys.length)],
      8,
    );
  }
  return pdf.save();
}

export async function dashboardWorkbook(d: Dashboard, locale: Locale): Promise<Buffer> {
  const t = TEXT[locale];
  const workbook = new ExcelJS.Workbook();
  const figures = workbook.addWorksheet(t.figures);
  figures.addRow([t.figure, t.today, t.yesterday, t.change]).font = { bold: true };
  for (const f of d.figures) {
    figures.addRow([
      `${f.label[locale]}（${f.unit[locale]}）`,
      formatValue(f, f.value),
      formatValue(f, f.yesterday),
      change(f),
    ]);
  }
  const trend = workbook.addWorksheet(t.trend);
  trend.addRow([t.figure, ...d.trend.days]).font = { bold: true };
  for (const f of d.figures)
    trend.addRow([f.label[locale], ...(d.trend.series[f.key] ?? []).map((v) => formatValue(f, v))]);
  const breakdown = workbook.addWorksheet(t.breakdown);
  breakdown.addRow([t.node, ...d.figures.map((f) => f.label[locale])]).font = { bold: true };
  for (const c of d.children) {
    breakdown.addRow([c.name, ...d.figures.map((f) => formatValue(f, c.values[f.key] ?? null))]);
  }
  const attention = workbook.addWorksheet(t.attention);
  for (const group of d.attention) {
    attention.addRow([group.label[locale], group.total]).font = { bold: true };
    for (const item of group.items)
      attention.addRow([item.place, item.title, new Date(item.at).toISOString()]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
