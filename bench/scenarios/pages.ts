import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { loginAs, newPage, startE2E, WEB_DIR } from '../../e2e/support.ts';
import { goal } from '../lib/report.ts';
import type { BenchContext, BenchRow } from '../lib/types.ts';

const S = 'pages';
// Issue 8's goals (docs/PERFORMANCE.md): what a page may cost before its content shows.
const FIRST_BUNDLE_GOAL_KIB = 400;
const COLD_GOAL_MS = 1500;
const WARM_GOAL_MS = 800;

interface MainPage {
  label: string;
  phone: string | null;
  path: string;
  viewport: 'desktop' | 'phone';
  /** What a person is waiting for: the page's data on screen, not a spinner. */
  ready: string;
}

/** Each role's first page, where it lands after signing in, plus the public releases. */
const PAGES: MainPage[] = [
  {
    label: 'command centre dashboard',
    phone: '13800000001',
    path: '/dashboard',
    viewport: 'desktop',
    ready: '[data-testid="figure-value"]',
  },
  {
    label: 'official compounds list',
    phone: '13800000004',
    path: '/compounds',
    viewport: 'desktop',
    ready: '[data-testid="compounds-table"] tr.ant-table-row',
  },
  {
    label: 'volunteer inbox (phone)',
    phone: '13800000005',
    path: '/inbox',
    viewport: 'phone',
    ready: '[data-testid^="inbox-item-"]',
  },
  {
    label: 'gate keeper gate (phone)',
    phone: '13800000009',
    path: '/gate',
    viewport: 'phone',
    ready: '[data-testid="gate-code"]',
  },
  {
    label: 'resident my pass (phone)',
    phone: '13800000010',
    path: '/my-pass',
    viewport: 'phone',
    ready: '[data-testid="my-pass-qr"]',
  },
  {
    label: 'public releases',
    phone: null,
    path: '/releases',
    viewport: 'phone',
    ready: '[data-testid^="public-item-"]',
  },
];

type Session = Awaited<ReturnType<typeof newPage>>;
type Server = Parameters<typeof newPage>[1];

interface Load {
  ms: number;
  /** /assets/ files the page had fetched when its content showed. */
  assets: string[];
}

/** A new browser profile carrying only the role's session cookie: nothing of the app cached. */
async function coldLoad(browser: Browser, server: Server, page: MainPage): Promise<Load> {
  let cookies: Awaited<ReturnType<Session['context']['cookies']>> = [];
  if (page.phone) {
    const signIn = await newPage(browser, server, { viewport: page.viewport });
    await loginAs(signIn.page, page.phone);
    cookies = await signIn.context.cookies();
    await signIn.context.close();
  }
  const fresh = await newPage(browser, server, { viewport: page.viewport });
  try {
    await fresh.context.addCookies(cookies);
    return await measure(fresh, page);
  } finally {
    await fresh.context.close();
  }
}

/**
 * Milliseconds from the start of navigation until the page's `ready` selector is on screen, read
 * in the page, with the code it had fetched by then.
 */
async function measure(session: Session, page: MainPage): Promise<Load> {
  await session.page.goto(page.path, { waitUntil: 'commit' });
  const handle = await session.page.waitForFunction(
    (selector) =>
      document.querySelector(selector)
        ? {
            ms: performance.now(),
            assets: performance
              .getEntriesByType('resource')
              .map((e) => new URL(e.name).pathname)
              .filter((p) => p.startsWith('/assets/')),
          }
        : null,
    page.ready,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as Load;
}

/** Gzip size of the scripts and stylesheets among `assets`, as a comparable measure of the code a page waits for. */
function codeBytes(assets: string[]): number {
  return [...new Set(assets)]
    .filter((a) => /\.(js|css)$/.test(a))
    .reduce((sum, a) => sum + gzipSync(readFileSync(join(WEB_DIR, a))).length, 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The first bundle: index.html's entry script and stylesheet, gzip-compressed as served over the wire. */
function firstBundleBytes(): number {
  const html = readFileSync(join(WEB_DIR, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  return codeBytes(assets);
}

/**
 * Time to first meaningful content per main page, in real headless Chromium against the server
 * with the demo city (SQLite: what is measured is the page's own waterfall, not the database).
 * Cold: a new browser profile with the session cookie (nothing cached); warm: the same tab again.
 */
export default async function pages(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push({
    scenario: S,
    figure: 'first bundle (entry JS + CSS, gzip)',
    value: Math.round(firstBundleBytes() / 1024),
    unit: 'KiB',
    ...goal(Math.round(firstBundleBytes() / 1024), '≤', FIRST_BUNDLE_GOAL_KIB),
  });
  const env = await startE2E();
  const loads = ctx.quick ? 3 : 7;
  try {
    for (const page of PAGES) {
      const cold: Load[] = [];
      for (let i = 0; i < loads; i += 1) cold.push(await coldLoad(env.browser, env.server, page));
      const code = Math.round(codeBytes(cold[0]!.assets) / 1024);
      rows.push({
        scenario: S,
        figure: `${page.label}: code fetched before first content (gzip)`,
        value: code,
        unit: 'KiB',
      });
      const tab = await newPage(env.browser, env.server, { viewport: page.viewport });
      if (page.phone) await loginAs(tab.page, page.phone);
      await measure(tab, page);
      const warm: number[] = [];
      for (let i = 0; i < loads; i += 1) warm.push((await measure(tab, page)).ms);
      await tab.context.close();
      const c = Math.round(median(cold.map((l) => l.ms)));
      const w = Math.round(median(warm));
      rows.push({
        scenario: S,
        figure: `${page.label}: cold load, median`,
        value: c,
        unit: 'ms',
        ...goal(c, '≤', COLD_GOAL_MS),
      });
      rows.push({
        scenario: S,
        figure: `${page.label}: warm load, median`,
        value: w,
        unit: 'ms',
        ...goal(w, '≤', WARM_GOAL_MS),
      });
    }
  } finally {
    await env.close();
  }
  return rows;
}
