import { BarChart, LineChart, MapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  BarChart,
  MapChart,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** One ECharts instance bound to a div, resized with the window, given a fresh option on change. */
function useChart(option: echarts.EChartsCoreOption, onClick?: (name: string) => void) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current);
    chart.current = instance;
    instance.on('click', (params) => click.current?.(String((params as { name?: string }).name ?? '')));
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);
  // Callers build the option inline (plain data, no functions); only a change of content is worth a redraw.
  const content = JSON.stringify(option);
  useEffect(() => {
    chart.current?.setOption(JSON.parse(content) as echarts.EChartsCoreOption, true);
  }, [content]);
  return ref;
}

export function TrendChart({
  days,
  values,
  name,
}: {
  days: string[];
  values: Array<number | null>;
  name: string;
}) {
  const ref = useChart({
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
    yAxis: { type: 'value' },
    series: [
      { name, type: 'line', data: values, smooth: true, connectNulls: false, areaStyle: { opacity: 0.15 } },
    ],
  });
  return <div ref={ref} style={{ width: '100%', height: 240 }} data-testid="trend-chart" />;
}

export function BreakdownChart({
  names,
  values,
  onPick,
}: {
  names: string[];
  values: Array<number | null>;
  onPick: (name: string) => void;
}) {
  const ref = useChart(
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 96, right: 16, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [{ type: 'bar', data: values }],
    },
    onPick,
  );
  return (
    <div
      ref={ref}
      style={{ width: '100%', height: Math.max(160, names.length * 26 + 40) }}
      data-testid="breakdown-chart"
    />
  );
}

let registered = false;

export function CountyMap({
  geo,
  data,
  onPick,
}: {
  geo: object;
  data: Array<{ name: string; value: number | null }>;
  onPick: (name: string) => void;
}) {
  if (!registered) {
    echarts.registerMap('yingkou', geo as Parameters<typeof echarts.registerMap>[1]);
    registered = true;
  }
  const max = Math.max(1, ...data.map((d) => d.value ?? 0));
  const ref = useChart(
    {
      tooltip: { trigger: 'item' },
      visualMap: {
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: true,
        inRange: { color: ['#fff1e6', '#d4380d'] },
      },
      series: [{ type: 'map', map: 'yingkou', data, label: { show: true, fontSize: 10 } }],
    },
    onPick,
  );
  return <div ref={ref} style={{ width: '100%', height: 320 }} data-testid="county-map" />;
}
