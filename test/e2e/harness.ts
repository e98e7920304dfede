/**
 * Browser-test harness: the real server (`node src/server.ts`
 * on 127.0.0.1, a free port) and Debian's Chromium driven by
 * playwright-core, with every request that would leave 127.0.0.1 blocked
 * and recorded.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer as startServerProcess, type ServerProcess } from '../../scripts/server-process.ts';

/** Where screenshots go (git-ignored; CI keeps them as artefacts). */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The real server, started by the same helper as the other tests (scripts/server-process.ts). */
export type Server = ServerProcess;
export const startServer = (): Promise<Server> => startServerProcess({ NODE_ENV: 'test' });

/** Launches headless Chromium; a clear error when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: run .ci/browser-tests (it installs Debian's chromium) or set CHROMIUM_PATH.`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface GuardedPage {
  page: Page;
  /** URLs the page tried to load from anywhere but 127.0.0.1 (all blocked). */
  outside: string[];
  /** Every URL the page requested. */
  requested: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context whose requests may only go to 127.0.0.1. */
export async function guardedPage(browser: Browser): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const outside: string[] = [];
  const requested: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).hostname === '127.0.0.1') return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { page, outside, requested, errors, close: () => context.close() };
}

export interface BrowserSession {
  server: Server;
  browser: Browser;
  guarded: GuardedPage;
  page: Page;
}

/**
 * Registers the hooks every browser spec needs: before all its tests, the
 * real server, Chromium and a guarded page; after them, all three closed.
 * The returned object is filled in when the first hook has run.
 */
export function useBrowserSession(): BrowserSession {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.server = await startServer();
    session.browser = await launchBrowser();
    session.guarded = await guardedPage(session.browser);
    session.page = session.guarded.page;
  });
  afterAll(async () => {
    await session.guarded?.close();
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
