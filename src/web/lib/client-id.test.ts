import { describe, expect, it } from 'vitest';
import { clientIdSchema } from '../../contracts/gate.ts';
import { timeOrderedId } from './client-id.ts';

describe('timeOrderedId', () => {
  it('is a version-7 UUID the gate accepts, carrying the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 10, 30, 2, 0, 0, 123);
    const id = timeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientIdSchema.safeParse(id).success).toBe(true);
    expect(Number.parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts as text in the order of the times it was made at, and differs at the same time', () => {
    const times = [1, 255, 256, 65_536, Date.UTC(2020, 0, 1), Date.UTC(2026, 10, 30), 2 ** 47];
    const ids = times.map((t) => timeOrderedId(t));
    expect([...ids].sort()).toEqual(ids);
    expect(timeOrderedId(1000)).not.toBe(timeOrderedId(1000));
  });
});
