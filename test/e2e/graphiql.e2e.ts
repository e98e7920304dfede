/**
 * GraphiQL in a real browser: loads offline from its hashed assets under the
 * page's Content-Security-Policy, with Monaco's workers from /graphiql/,
 * runs its default query and a ready-made example tab, and violates no policy.
 */
import { join } from 'node:path';
import type { Page, Response, Worker } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/explorer/examples.ts';
import { ARTIFACTS, useBrowserSession, type GuardedPage, type Server } from './harness.ts';

const session = useBrowserSession();
let server: Server;
let guarded: GuardedPage;
let page: Page;
/** Messages from Monaco's workers (errors and warnings), and CSP violations seen by the page. */
const workerMessages: string[] = [];
const workers: Worker[] = [];
beforeAll(async () => {
  ({ server, guarded, page } = session);
  page.on('worker', (worker) => {
    workers.push(worker);
    worker.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') workerMessages.push(`${worker.url()}: ${message.text()}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'warning') workerMessages.push(`page warning: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`),
    );
  });
});

/** The page's CSP violations so far (from its securitypolicyviolation events). */
function cspViolations(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

/** Waits for GraphiQL to send `operationName` and returns the parsed answer. */
function answerTo(operationName: string, timeout: number): Promise<{ data?: any; errors?: unknown[] }> {
  return page
    .waitForResponse(
      (response: Response) =>
        response.url() === `${server.url}/graphql` &&
        response.request().method() === 'POST' &&
        (response.request().postDataJSON() as { operationName?: string } | null)?.operationName === operationName,
      { timeout },
    )
    .then((response) => response.json());
}

/**
 * Presses GraphiQL's run button until it sends `operationName`: right after
 * a tab switch, headless Chromium sometimes swallows the first click.
 */
async function run(operationName: string): Promise<{ data?: any; errors?: unknown[] }> {
  for (let attempt = 1; ; attempt++) {
    const answer = answerTo(operationName, 5_000);
    await page.locator('.graphiql-execute-button').click();
    try {
      return await answer;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Waits until the query editor shows `query <name>` (Monaco renders spaces as no-break spaces). */
function editorShows(name: string) {
  return page
    .locator('.graphiql-query-editor')
    .getByText(new RegExp(`^query\\s${name}\\b`))
    .first()
    .waitFor();
}

describe('GraphiQL', () => {
  it('loads from this server alone, with the schema, the Explorer plugin and the example tabs', async () => {
    const introspection = page.waitForResponse((response) => response.url() === `${server.url}/graphql` && response.request().method() === 'POST');
    const document = await page.goto(`${server.url}/graphql`);
    // The test runs under the page's real policy.
    expect(document!.headers()['content-security-policy']).toContain("script-src 'self';");
    await expect(page.title()).resolves.toBe('summit-graph');
    await page.locator('.graphiql-container').first().waitFor();
    expect((await introspection).status()).toBe(200);
    await editorShows('SummitParticipants');
    for (const example of loadExamples()) {
      await expect(page.locator('.graphiql-tab', { hasText: example.name }).count(), example.name).resolves.toBe(1);
    }
    await expect(page.getByRole('button', { name: /Show GraphiQL Explorer/i }).count()).resolves.toBe(1);
    expect(guarded.outside).toEqual([]);
    // Every script, style and worker came from a content-hashed asset, not from inline code.
    const assets = guarded.requested.filter((url) => new URL(url).pathname.startsWith('/graphiql/'));
    expect(
      assets.every((url) => /^\/graphiql\/[0-9a-f]{16}\.(js|css|ico)$/.test(new URL(url).pathname)),
      assets.join(' '),
    ).toBe(true);
    expect(assets.filter((url) => url.endsWith('.css'))).toHaveLength(1);
  });

  it("runs Monaco's workers from same-origin asset URLs", async () => {
    await expect.poll(() => workers.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    for (const worker of workers) expect(new URL(worker.url()).pathname).toMatch(/^\/graphiql\/[0-9a-f]{16}\.js$/);
  });

  it('runs the default query and shows its result', async () => {
    const { data, errors } = await run('SummitParticipants');
    expect(errors).toBeUndefined();
    expect(data.event.name).toBe('CPC and World Political Parties Summit');
    await page.locator('.graphiql-response').getByText('"CPC and World Political Parties Summit"').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-default-query.png') });
  });

  it('runs a ready-made example from its tab', async () => {
    const example = loadExamples().find((candidate) => candidate.name === 'SpeakersInProgrammeOrder');
    expect(example, 'examples/02-speakers-in-order.graphql').toBeDefined();
    // Opened from the keyboard: in headless Chromium the first mouse click on
    // a (draggable) GraphiQL tab after load is swallowed, the second works.
    const tab = page.locator('.graphiql-tab-button', { hasText: example!.name });
    await tab.focus();
    await page.keyboard.press('Enter');
    await editorShows(example!.name);
    const { data, errors } = await run(example!.name);
    expect(errors).toBeUndefined();
    const first = data.event.speeches.nodes[0];
    expect(first.order).toBe(1);
    await page.locator('.graphiql-response').getByText(`"${first.speaker.name}"`).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-example-tab.png') });
  });

  it('runs the @defer/@stream example: the answer comes over multipart/mixed and GraphiQL shows the deferred speeches', async () => {
    const example = loadExamples().find((candidate) => candidate.name === 'DeferredSpeeches');
    expect(example, 'examples/14-deferred-speeches.graphql').toBeDefined();
    const tab = page.locator('.graphiql-tab-button', { hasText: example!.name });
    await tab.focus();
    await page.keyboard.press('Enter');
    await editorShows(example!.name);
    for (let attempt = 1; ; attempt++) {
      const sent = page.waitForResponse(
        (response: Response) =>
          response.url() === `${server.url}/graphql` &&
          (response.request().postDataJSON() as { operationName?: string } | null)?.operationName === example!.name,
        { timeout: 5_000 },
      );
      await page.locator('.graphiql-execute-button').click();
      try {
        const response = await sent;
        expect(response.status()).toBe(200);
        expect(response.headers()['content-type']).toMatch(/^multipart\/mixed/);
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    // The end of the shown result is the deferred speeches (fields no participation has): GraphiQL merged the parts.
    const result = page.locator('.graphiql-response');
    await result.getByText('"CPC and World Political Parties Summit"').first().waitFor();
    await result.locator('.view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await result
      .getByText(/"(quotes|speaker|order|title)"/)
      .first()
      .waitFor();
    await expect(result.getByText('"errors"').count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-deferred-example.png') });
  });

  it('opens the query builder (GraphiQL Explorer) on the Query type', async () => {
    await page.getByRole('button', { name: /Show GraphiQL Explorer/i }).click();
    await page.locator('.graphiql-explorer-root, .docExplorerWrap').first().waitFor();
    await page.getByText('participations', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-query-builder.png') });
  });

  it('validates in the GraphQL worker: an unknown field is marked in the editor', async () => {
    await page.locator('.graphiql-query-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('\nquery Broken { noSuchField }');
    await page.locator('.graphiql-query-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
  });

  it('sent no request outside 127.0.0.1, logged no errors and violated no Content-Security-Policy', async () => {
    expect(guarded.outside).toEqual([]);
    expect(guarded.requested.length).toBeGreaterThan(0);
    expect(guarded.errors).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(workerMessages.filter((message) => /Content.Security.Policy|Refused to|worker/i.test(message))).toEqual([]);
  });
});
