import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import type { AppContext } from '../src/server/core/context.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/server/demo/index.ts';
import { modules } from '../src/server/modules/index.ts';

export { DEMO_PASSWORD };

export const CHROMIUM = '/usr/bin/chromium';
/** dist/web; XINGHUO_E2E_WEB_DIR points at another build (several developers sharing one tree). */
export const WEB_DIR = resolve(process.env.XINGHUO_E2E_WEB_DIR ?? 'dist/web');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface E2EServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * The real server on a fresh SQLite file with the Yingkou demo seeded (every module's demo data
 * included), serving the built web UI. Jobs stay off so nothing runs behind a spec's back.
 */
export async function startServer(): Promise<E2EServer> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(`${WEB_DIR}/index.html is missing: run npm run build:web before the browser tests`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xinghuo-e2e-'));
  const config = {
    ...loadConfig({}),
    databaseUrl: `sqlite:${join(dataDir, 'xinghuo.db')}`,
    dataDir,
    jobs: false,
    webDir: WEB_DIR,
    logLevel: 'silent',
  };
  const built = await buildApp({ config, logger: false });
  await built.start();
  await seedDemo(built.ctx, modules);
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = built.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app: built.app,
    ctx: built.ctx,
    async close() {
      await built.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with a throwaway profile. Missing Chromium fails the suite. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  /** 'phone' is 390×844 with touch, the size of a common handset. */
  viewport?: 'desktop' | 'phone';
  /**
   * 'block' for specs that hold or rewrite requests with `page.route`: once the service worker
   * controls the page, requests pass through it and `page.route` no longer sees them, so a hold
   * would work or not depending on when the worker took over.
   */
  serviceWorkers?: 'allow' | 'block';
}

/** A page in its own context (own cookies), so two users never share a session by accident. */
export async function newPage(
  browser: Browser,
  server: E2EServer,
  options: PageOptions = {},
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const phone = options.viewport === 'phone';
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 860 },
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { page, context, errors: collectErrors(page) };
}

/**
 * Console errors and uncaught exceptions of a page, for specs that assert a clean run. A failed
 * request (401, 404, …) shows up here too: Chromium logs it as a console error.
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} @ ${msg.location().url}`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Signs in through the login form and waits until the shell shows the user's jurisdiction. */
export async function loginAs(page: Page, phone: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-phone').fill(phone);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('node-picker').waitFor();
}

/** Signs out through the user menu and waits for the login form. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page
    .getByRole('menuitem')
    .filter({ hasText: /退出登录|Sign out/ })
    .click();
  await page.getByTestId('login-phone').waitFor();
}

/** Everything a spec needs, started once in beforeAll and closed in afterAll. */
export async function startE2E(): Promise<{ server: E2EServer; browser: Browser; close(): Promise<void> }> {
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens an antd select, types, and picks the first option whose text contains `option`, once the
 * select shows it has finished searching for what was typed: a remote search replaces the list
 * at each keystroke, and an option found in an earlier list can be covered by another by the time
 * the pointer reaches it.
 */
export async function pickOption(page: Page, testId: string, typed: string, option: string): Promise<void> {
  const select = page.getByTestId(testId);
  await select.click();
  if (typed) await page.keyboard.type(typed);
  await select.and(page.locator(':not(.ant-select-loading)')).waitFor();
  // This select's own dropdown: the one of the select picked just before may still be fading out
  // with the same options in it (two store pickers side by side), and a click there picks nothing.
  const listId = await select.locator('input[aria-controls]').getAttribute('aria-controls');
  await page
    .locator(`.ant-select-dropdown:has([id="${listId}"]) .ant-select-item-option`)
    .filter({ hasText: option })
    .first()
    .click();
}
