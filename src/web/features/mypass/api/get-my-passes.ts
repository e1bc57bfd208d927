import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { type Pass, passSchema } from '../../../../contracts/passes.ts';
import { api } from '../../../lib/api.ts';

const mineSchema = z.array(passSchema);
const storeKey = (userId: number) => `xh_my_passes_${userId}`;

interface Stored {
  at: number;
  passes: Pass[];
}

/** The last list this user loaded on this device: shown when the network is gone. */
function stored(userId: number): Stored | undefined {
  try {
    const raw = localStorage.getItem(storeKey(userId));
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Stored;
    return { at: parsed.at, passes: mineSchema.parse(parsed.passes) };
  } catch {
    return undefined;
  }
}

export async function getMyPasses(userId: number): Promise<Stored & { offline: boolean }> {
  try {
    const passes = await api.get('/api/passes/mine', mineSchema);
    const fresh = { at: Date.now(), passes };
    localStorage.setItem(storeKey(userId), JSON.stringify(fresh));
    return { ...fresh, offline: false };
  } catch (err) {
    const last = stored(userId);
    if (last) return { ...last, offline: true };
    throw err;
  }
}

export const myPassesQuery = (userId: number) =>
  queryOptions({ queryKey: ['mypass', userId], queryFn: () => getMyPasses(userId), networkMode: 'always' });

export function useMyPasses(userId: number) {
  return useQuery({ ...myPassesQuery(userId), refetchInterval: 5 * 60_000 });
}
