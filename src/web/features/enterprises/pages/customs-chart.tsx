import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportStat } from '../../../../contracts/enterprises.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Tonnes this year beside the same period last year, per month or per key (summed over months). */
export default function CustomsChart({ rows, byMonth }: { rows: ExportStat[]; byMonth: boolean }) {
  const { t } = useTranslation('enterprises');
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current);
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const sums = new Map<string, { now: number; before: number }>();
    for (const r of rows) {
      const k = byMonth ? r.month : r.label;
      const s = sums.get(k) ?? { now: 0, before: 0 };
      sums.set(k, { now: s.now + r.tonnes, before: s.before + (r.lastYearTonnes ?? 0) });
    }
    const keys = [...sums.keys()];
    chart.current?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { data: [t('customs.thisYear'), t('customs.lastYear')] },
        grid: { left: 56, right: 16, top: 36, bottom: 48 },
        xAxis: { type: 'category', data: keys, axisLabel: { rotate: keys.length > 6 ? 30 : 0 } },
        yAxis: { type: 'value', name: t('customs.tonnes') },
        series: [
          { name: t('customs.thisYear'), type: 'bar', data: keys.map((k) => +sums.get(k)!.now.toFixed(2)) },
          {
            name: t('customs.lastYear'),
            type: 'bar',
            data: keys.map((k) => +sums.get(k)!.before.toFixed(2)),
          },
        ],
      },
      true,
    );
  }, [rows, byMonth, t]);

  return <div ref={ref} style={{ width: '100%', height: 280 }} data-testid="customs-chart" />;
}
