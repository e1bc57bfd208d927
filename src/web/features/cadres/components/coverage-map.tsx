import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([MapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

let registered = false;

/** The six counties shaded by how many of their villages / communities have no leader. */
export function CoverageMap({
  geo,
  data,
  onPick,
}: {
  geo: object;
  data: Array<{ name: string; value: number }>;
  onPick: (name: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!ref.current) return;
    if (!registered) {
      echarts.registerMap('yingkou-cadres', geo as Parameters<typeof echarts.registerMap>[1]);
      registered = true;
    }
    const chart = echarts.init(ref.current);
    chart.setOption({
      tooltip: { trigger: 'item' },
      visualMap: {
        min: 0,
        max: Math.max(1, ...data.map((d) => d.value)),
        left: 8,
        bottom: 8,
        inRange: { color: ['#f6ffed', '#cf1322'] },
      },
      series: [{ type: 'map', map: 'yingkou-cadres', data, label: { show: true, fontSize: 10 } }],
    });
    chart.on('click', (p) => pick.current(String((p as { name?: string }).name ?? '')));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [geo, data]);
  return <div ref={ref} style={{ width: '100%', height: 320 }} data-testid="coverage-map" />;
}
