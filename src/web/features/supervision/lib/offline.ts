import type { FindingBody } from '../../../../contracts/supervision.ts';
import { dataUrlToBlob } from '../../../lib/files.ts';
import { userStorageKey } from '../../../lib/user-storage.ts';
import { syncFindings, uploadPhoto } from '../api/supervision.ts';

/**
 * Findings recorded with the network off wait here, photos as data URLs, until a sync. Each carries
 * the clientId made when it was recorded, so a sync that is retried (the answer lost on the way
 * back) records it once: the server answers the retry as a replay (decision 0404's pattern).
 */
export interface QueuedFinding {
  body: FindingBody;
  photos: Array<{ name: string; dataUrl: string }>;
}

const key = (userId: number) => userStorageKey(userId, 'supervision-queue', 'findings');

export function queued(userId: number): QueuedFinding[] {
  try {
    return (JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as QueuedFinding[]) ?? [];
  } catch {
    return [];
  }
}

export function enqueue(userId: number, item: QueuedFinding): void {
  localStorage.setItem(key(userId), JSON.stringify([...queued(userId), item]));
}

function drop(userId: number, clientIds: string[]): void {
  const done = new Set(clientIds);
  localStorage.setItem(key(userId), JSON.stringify(queued(userId).filter((q) => !done.has(q.body.clientId))));
}

/** Uploads each queued finding's photos, then sends the batch; what the server settled leaves the queue. */
export async function syncQueue(userId: number): Promise<number> {
  // Photos first, each written back into the queue at once: a retried sync then sends the very
  // same body (same photo ids), which the server must see to answer it as a replay.
  for (const q of queued(userId)) {
    if (q.photos.length === 0) continue;
    const photoIds = [...q.body.photoIds];
    for (const p of q.photos) {
      photoIds.push((await uploadPhoto('sup-visit', q.body.visitId, dataUrlToBlob(p.dataUrl), p.name)).id);
    }
    const rest = queued(userId).map((x) =>
      x.body.clientId === q.body.clientId ? { body: { ...x.body, photoIds }, photos: [] } : x,
    );
    localStorage.setItem(key(userId), JSON.stringify(rest));
  }
  const bodies = queued(userId).map((q) => q.body);
  if (bodies.length === 0) return 0;
  const result = await syncFindings(bodies);
  drop(userId, [...result.orders.map((o) => o.clientId), ...result.rejected.map((r) => r.clientId)]);
  return result.orders.length;
}
