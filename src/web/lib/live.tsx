import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type LiveEvent, liveEventSchema } from '../../contracts/events.ts';
import { api } from './api.ts';

export type LiveStatus = 'connecting' | 'open' | 'retrying' | 'closed';

interface StreamHandlers {
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus): void;
  lastEventId: number | null;
}

/**
 * Reads /api/events/stream with fetch rather than EventSource: the server names each frame by
 * its event type, which EventSource only delivers to listeners registered for that exact name,
 * and a shell cannot know every type the features will emit. Reconnects resume from the last id
 * through Last-Event-ID, as EventSource would, and a 401 stops the loop instead of retrying.
 */
export function openLiveStream(handlers: StreamHandlers): () => void {
  const controller = new AbortController();
  let lastId = handlers.lastEventId;
  let retryMs = 3000;
  let failures = 0;

  const run = async () => {
    while (!controller.signal.aborted) {
      handlers.onStatus(failures === 0 ? 'connecting' : 'retrying');
      try {
        const res = await fetch('/api/events/stream', {
          credentials: 'same-origin',
          headers: {
            accept: 'text/event-stream',
            ...(lastId != null ? { 'last-event-id': String(lastId) } : {}),
          },
          signal: controller.signal,
        });
        if (res.status === 401 || res.status === 403) {
          handlers.onStatus('closed');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`stream HTTP ${res.status}`);
        handlers.onStatus('open');
        failures = 0;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = parseFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (frame.retry) retryMs = frame.retry;
            if (frame.data === undefined) continue;
            const parsed = liveEventSchema.safeParse(safeJson(frame.data));
            if (!parsed.success) continue;
            lastId = parsed.data.id;
            handlers.onEvent(parsed.data);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      failures += 1;
      handlers.onStatus('retrying');
      await sleep(Math.min(retryMs * failures, 30_000), controller.signal);
    }
  };
  void run();
  return () => controller.abort();
}

function parseFrame(text: string): { data?: string; retry?: number } {
  const out: { data?: string; retry?: number } = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') out.data = out.data === undefined ? value : `${out.data}\n${value}`;
    if (field === 'retry' && /^\d+$/.test(value)) out.retry = Number(value);
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const KEEP = 100;

interface LiveValue {
  status: LiveStatus;
  /** Newest first, at most the last hundred received in this page's life. */
  recent: LiveEvent[];
  unread: number;
  markAllRead(): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** i18n key for an event type, from the features' `eventLabels`. */
  labelKeys: Record<string, string>;
}

const LiveContext = createContext<LiveValue | null>(null);

function seenKey(userId: number): string {
  return `xh_seen_event:${userId}`;
}

/**
 * One stream per signed-in tab. The id of the newest event the user has looked at is kept in
 * this browser, so events that arrived while the tab was closed are replayed and counted unread.
 */
export function LiveProvider({
  userId,
  labelKeys,
  children,
}: {
  userId: number;
  labelKeys: Record<string, string>;
  children: ReactNode;
}) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [recent, setRecent] = useState<LiveEvent[]>([]);
  const [seenId, setSeenId] = useState<number>(() => Number(localStorage.getItem(seenKey(userId)) ?? 0));
  const listeners = useRef(new Set<(event: LiveEvent) => void>());

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    const begin = async () => {
      const stored = localStorage.getItem(seenKey(userId));
      let from = stored ? Number(stored) : null;
      // A first visit has no id to resume from, so a drop before the first event would lose
      // whatever arrived meanwhile; the newest visible event is the baseline instead.
      if (from === null) {
        try {
          const [newest] = await api.get('/api/events', z.array(liveEventSchema), {
            order: 'desc',
            limit: 1,
          });
          from = newest?.id ?? null;
          if (from !== null) {
            localStorage.setItem(seenKey(userId), String(from));
            setSeenId(from);
          }
        } catch {
          // The stream still opens; only the resume baseline is missing until the first event.
        }
      }
      if (cancelled) return;
      stop = openLiveStream({
        lastEventId: from,
        onStatus: setStatus,
        onEvent: (event) => {
          setRecent((list) => (list.some((e) => e.id === event.id) ? list : [event, ...list].slice(0, KEEP)));
          for (const listener of listeners.current) listener(event);
        },
      });
    };
    void begin();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [userId]);

  const newestId = recent[0]?.id ?? 0;
  const markAllRead = useCallback(() => {
    if (newestId <= seenId) return;
    localStorage.setItem(seenKey(userId), String(newestId));
    setSeenId(newestId);
  }, [newestId, seenId, userId]);

  const subscribe = useCallback((listener: (event: LiveEvent) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  const value = useMemo<LiveValue>(
    () => ({
      status,
      recent,
      unread: recent.filter((e) => e.id > seenId).length,
      markAllRead,
      subscribe,
      labelKeys,
    }),
    [status, recent, seenId, markAllRead, subscribe, labelKeys],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive outside LiveProvider');
  return value;
}

/** Runs `listener` for each live event of the given types (all types when none given). */
export function useLiveEvents(listener: (event: LiveEvent) => void, types?: string[]): void {
  const { subscribe } = useLive();
  const latest = useRef(listener);
  latest.current = listener;
  const key = types?.join(',') ?? '';
  useEffect(
    () =>
      subscribe((event) => {
        if (!key || key.split(',').includes(event.type)) latest.current(event);
      }),
    [subscribe, key],
  );
}

/** The event's label in the current language, falling back to its raw type. */
export function useEventLabel(): (type: string) => string {
  const { labelKeys } = useLive();
  const { t } = useTranslation();
  return (type) => {
    const key = labelKeys[type];
    return key ? t(key) : type;
  };
}
