import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Measures the longest event-loop stall while `work` runs in this process: the figure that
 * tells whether a big operation froze every other request meanwhile.
 */
export async function maxStallDuring<T>(work: () => Promise<T>): Promise<{ result: T; maxStallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const result = await work();
    return { result, maxStallMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}
