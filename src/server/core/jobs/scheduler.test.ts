import { describe, expect, it } from 'vitest';
import { slotFor } from './scheduler.ts';

const noop = async () => {};

describe('slotFor', () => {
  it('opens the daily 16:00 slot at 16:00 Beijing time (08:00 UTC), not before', () => {
    const job = { name: 'chronicle', dailyAt: '16:00', run: noop };
    expect(slotFor(job, Date.UTC(2020, 1, 10, 7, 59))).toBeNull();
    expect(slotFor(job, Date.UTC(2020, 1, 10, 8, 0))).toBe('2020-02-10');
    expect(slotFor(job, Date.UTC(2020, 1, 10, 15, 59))).toBe('2020-02-10');
  });

  it('names the Beijing date, which runs ahead of UTC after 16:00 UTC', () => {
    const job = { name: 'early', dailyAt: '01:00', run: noop };
    expect(slotFor(job, Date.UTC(2020, 1, 10, 17, 30))).toBe('2020-02-11');
  });

  it('numbers interval slots so that every instance computes the same one', () => {
    const job = { name: 'every', everyMs: 2000, run: noop };
    expect(slotFor(job, 10_000)).toBe('5');
    expect(slotFor(job, 11_999)).toBe('5');
    expect(slotFor(job, 12_000)).toBe('6');
  });
});
