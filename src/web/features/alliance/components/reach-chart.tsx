import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reach } from '../../../../contracts/alliance.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Cumulative reads and acknowledgements per minute since publishing. */
export function ReachChart({ timeline }: { timeline: Reach['timeline'] }) {
  const { t } = useTranslation('alliance');
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
    chart.current?.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('reach.read'), t('reach.acked')] },
      grid: { left: 48, right: 16, top: 36, bottom: 36 },
      xAxis: { type: 'category', name: t('reach.minute'), data: timeline.map((p) => p.minute) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('reach.read'), type: 'line', data: timeline.map((p) => p.read), smooth: true },
        { name: t('reach.acked'), type: 'line', data: timeline.map((p) => p.acked), smooth: true },
      ],
    });
  }, [timeline, t]);

  return <div ref={ref} style={{ width: '100%', height: 260 }} data-testid="reach-chart" />;
}
