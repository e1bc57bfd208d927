import { useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  evidenceResultSchema,
  taskOutcomeResultSchema,
  type taskOutcomeSchema,
} from '../../../../contracts/fieldwork.ts';
import { ApiError, api } from '../../../lib/api.ts';
import { userStorageKey } from '../../../lib/user-storage.ts';

/**
 * Evidence photos and completions wait on the phone (IndexedDB: photos are too big for
 * localStorage) until the server has them. Each entry's id goes with it: a photo's as the
 * upload's client id, a completion's as its idempotency key, so an entry sent again after an
 * answer was lost is stored once (decision 0603). Entries go in the order they were made, one
 * at a time, so a task's photos reach the server before its completion.
 */
type OutcomeBody = z.input<typeof taskOutcomeSchema>;
export type Entry =
  | { id: string; seq: number; taskId: number; title: string; kind: 'photo'; name: string; blob: Blob }
  | { id: string; seq: number; taskId: number; title: string; kind: 'outcome'; body: OutcomeBody };

type NewEntry = Entry extends infer E ? (E extends Entry ? Omit<E, 'id' | 'seq'> : never) : never;

/** What the phone shows once a task's queued work has reached the server. */
export interface Receipt {
  taskId: number;
  title: string;
  photos: number;
  outcome: string | null;
  completedAt: number | null;
  receivedAt: number;
}

export interface OutboxState {
  pending: Array<{ id: string; taskId: number; kind: 'photo' | 'outcome' }>;
  failed: Array<{ id: string; taskId: number; title: string; message: string }>;
  receipts: Receipt[];
  sending: boolean;
}

const RETRY_MS = 3_000;
const STORES = ['entries', 'receipts', 'failed'] as const;

function openDb(userId: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(userStorageKey(userId, 'fieldwork-outbox'), 1);
    req.onupgradeneeded = () => {
      for (const name of STORES)
        req.result.createObjectStore(name, { keyPath: name === 'receipts' ? 'taskId' : 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run<T>(
  db: IDBDatabase,
  store: (typeof STORES)[number],
  mode: IDBTransactionMode,
  fn: (s: IDBObjectStore) => IDBRequest<T>,
) {
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
  });
}

/** One queue per signed-in user on this device; the page subscribes to its state. */
class Outbox {
  private db: Promise<IDBDatabase>;
  private listeners = new Set<(s: OutboxState) => void>();
  private state: OutboxState = { pending: [], failed: [], receipts: [], sending: false };
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(userId: number) {
    this.db = openDb(userId);
    window.addEventListener('online', () => void this.flush());
    void this.refresh().then(() => this.flush());
  }

  subscribe(fn: (s: OutboxState) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<OutboxState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }

  private async entries(): Promise<Entry[]> {
    const all = await run<Entry[]>(await this.db, 'entries', 'readonly', (s) => s.getAll());
    return all.sort((a, b) => a.seq - b.seq);
  }

  private async refresh() {
    const db = await this.db;
    const [entries, failed, receipts] = await Promise.all([
      this.entries(),
      run<OutboxState['failed']>(db, 'failed', 'readonly', (s) => s.getAll()),
      run<Receipt[]>(db, 'receipts', 'readonly', (s) => s.getAll()),
    ]);
    this.set({
      pending: entries.map((e) => ({ id: e.id, taskId: e.taskId, kind: e.kind })),
      failed,
      receipts: receipts.sort((a, b) => b.receivedAt - a.receivedAt),
    });
  }

  async add(entry: NewEntry) {
    const full = {
      ...entry,
      id: crypto.randomUUID(),
      seq: Date.now() * 1000 + (this.state.pending.length % 1000),
    } as Entry;
    await run(await this.db, 'entries', 'readwrite', (s) => s.put(full));
    await this.refresh();
    void this.flush();
  }

  async dismissFailed(id: string) {
    await run(await this.db, 'failed', 'readwrite', (s) => s.delete(id));
    await this.refresh();
  }

  /**
   * Sends what waits, in order; a network failure stops the run and tries again shortly. A call
   * that comes while a run is under way is not dropped but runs once more after it: the `online`
   * event often arrives while the run that failed offline is still finishing, and was lost.
   */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.send();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async send() {
    clearTimeout(this.timer);
    this.set({ sending: true });
    try {
      for (const entry of await this.entries()) {
        try {
          await this.sendOne(entry);
        } catch (err) {
          const retry =
            !(err instanceof ApiError) ||
            err.status === 0 ||
            err.status >= 500 ||
            err.code === 'EVIDENCE_UPLOADING';
          if (retry) {
            if (navigator.onLine) this.timer = setTimeout(() => void this.flush(), RETRY_MS);
            return;
          }
          // Refused for good (the claim passed to someone else…): kept aside with the server's words.
          const db = await this.db;
          await run(db, 'failed', 'readwrite', (s) =>
            s.put({
              id: entry.id,
              taskId: entry.taskId,
              title: entry.title,
              message: (err as Error).message,
            }),
          );
          await run(db, 'entries', 'readwrite', (s) => s.delete(entry.id));
        }
        await this.refresh();
      }
    } finally {
      this.set({ sending: false });
      await this.refresh();
    }
  }

  private async sendOne(entry: Entry) {
    const db = await this.db;
    const before = await run<Receipt | undefined>(db, 'receipts', 'readonly', (s) => s.get(entry.taskId));
    const receipt: Receipt = before ?? {
      taskId: entry.taskId,
      title: entry.title,
      photos: 0,
      outcome: null,
      completedAt: null,
      receivedAt: Date.now(),
    };
    if (entry.kind === 'photo') {
      const file = new File([entry.blob], entry.name, { type: entry.blob.type });
      await api.upload(
        `/api/fieldwork/tasks/${entry.taskId}/evidence/${entry.id}`,
        evidenceResultSchema,
        file,
      );
      receipt.photos += 1;
      receipt.receivedAt = Date.now();
    } else {
      const res = await api.post(
        `/api/fieldwork/tasks/${entry.taskId}/outcome`,
        taskOutcomeResultSchema,
        entry.body,
        { 'idempotency-key': entry.id },
      );
      receipt.outcome = res.task.status;
      receipt.completedAt = res.receipt.completedAt;
      receipt.receivedAt = res.receipt.receivedAt;
    }
    // The entry leaves the queue and the receipt grows in one transaction: a crash between them
    // would otherwise show a receipt short of a photo the server has.
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['entries', 'receipts'], 'readwrite');
      tx.objectStore('entries').delete(entry.id);
      tx.objectStore('receipts').put(receipt);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
}

const outboxes = new Map<number, Outbox>();

export function outboxFor(userId: number): Outbox {
  let box = outboxes.get(userId);
  if (!box) {
    box = new Outbox(userId);
    outboxes.set(userId, box);
  }
  return box;
}

export function useOutbox(userId: number): { state: OutboxState; box: Outbox } {
  const box = outboxFor(userId);
  const [state, setState] = useState<OutboxState>({ pending: [], failed: [], receipts: [], sending: false });
  useEffect(() => box.subscribe(setState), [box]);
  return { state, box };
}
