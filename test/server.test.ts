/** Serving: health, GraphiQL from installed packages, error masking, and the real server process. */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createStore } from '../src/store/index.ts';
import type { Store } from '../src/store/store.ts';
import { createApp, DEFAULT_QUERY } from '../src/yoga.ts';
import { app, graphql, startServer, within } from './helpers.ts';

describe('HTTP', () => {
  it('answers GET /health with 200', async () => {
    const response = await app.fetch('http://yoga/health');
    expect(response.status).toBe(200);
  });

  it('answers GET / with a small page linking GraphiQL, the network view, the schema and the README', async () => {
    const response = await app.fetch('http://yoga/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(['/graphql', '/explore', '/schema.graphql', '/README.md']);
    for (const link of links.slice(1)) expect((await app.fetch(`http://yoga${link}`)).status, link).toBe(200);
    const readme = await app.fetch('http://yoga/README.md');
    expect(readme.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await readme.text()).toMatch(/^# summit-graph\n/);
    // Without GraphiQL, the page links only what is served.
    const quiet = await createApp({ graphiql: false }).fetch('http://yoga/');
    expect([...(await quiet.text()).matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/schema.graphql', '/README.md']);
  });

  it('serves GraphiQL from the installed packages, with no CDN script or style', async () => {
    const response = await app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>summit-graph</title>');
    expect(html).toContain('<script id="graphiql-options" type="application/json">');
    expect(html).toMatch(/<script src="\/graphiql\/[0-9a-f]{16}\.js" defer><\/script>/);
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html).toContain(JSON.stringify(DEFAULT_QUERY).slice(1, 40));
  });

  it('opens GraphiQL on a default query that runs without errors', async () => {
    const result = await graphql(DEFAULT_QUERY);
    expect(result.errors).toBeUndefined();
    expect(result.data.event).not.toBeNull();
  });

  it('does not serve GraphiQL when it is turned off', async () => {
    const quiet = createApp({ graphiql: false });
    const response = await quiet.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toContain('graphiql');
  });

  it('masks an unexpected resolver error: a generic message, no stack or internals', async () => {
    const store = createStore();
    const broken = Object.create(store) as Store;
    broken.sourceList = () => {
      throw new Error('disk on fire at /srv/secret/path');
    };
    const result = await graphql('{ sources { totalCount } }', undefined, createApp({ store: broken }));
    expect(result.status).toBe(200);
    expect(result.errors).toEqual([
      {
        message: 'Unexpected error.',
        locations: [{ line: 1, column: 3 }],
        path: ['sources'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/secret|stack|disk/);
  });
});

describe('the server process', () => {
  it('listens on PORT, answers, and on SIGTERM says so and exits 0', async () => {
    const server = await startServer();
    const health = (await fetch(`${server.url}/health`)).status;
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ country(code: "vn") { name } }' }),
    });
    const body = await response.json();
    const said = server.printed(/SIGTERM received[^\n]*/);
    server.child.kill('SIGTERM');
    expect(await said).toBe('SIGTERM received: not ready; serving for 0 s more (DRAIN_SECONDS), then closing.');
    const { code } = await within(server.exited, 5_000, 'the server exiting after SIGTERM');
    expect(health).toBe(200);
    expect(body).toEqual({ data: { country: { name: 'Vietnam' } } });
    expect(code).toBe(0);
  });

  it('finishes a request in flight when SIGTERM arrives, then exits 0', async () => {
    const server = await startServer();
    const { port } = new URL(server.url);
    const body = JSON.stringify({ query: '{ event(slug: "cpc-and-world-political-parties-summit-2021") { startDate } }' });
    // `Expect: 100-continue`: the server answers "100 Continue" once it has
    // the request's headers, so the request is known to be in flight before
    // the signal; its body is sent only after the server says it is closing.
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
    });
    const accepted = new Promise<void>((resolve) => req.once('continue', resolve));
    req.flushHeaders();
    await within(accepted, 5_000, 'the server accepting the request (100 Continue)');

    const said = server.printed(/SIGTERM received[^\n]*/);
    server.child.kill('SIGTERM');
    await said;
    req.end(body);

    const { status, text } = await within(answer, 5_000, 'the answer to the request in flight');
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { event: { startDate: '2021-07-06' } } });
    const { code } = await within(server.exited, 5_000, 'the server exiting after its last request');
    expect(code).toBe(0);
  });

  it('refuses to start on a fixtures folder that does not exist, in one line naming it', async () => {
    const error = await startServer({ FIXTURES_DIR: 'no-such-fixtures' }).then(
      () => null,
      (e: Error) => e,
    );
    const output = error?.message ?? '';
    expect(output).toMatch(/^server exited with 1 before listening/);
    expect(output.split('\n').filter((line) => line.startsWith('summit-graph:'))).toEqual([
      expect.stringMatching(/^summit-graph: FIXTURES_DIR "no-such-fixtures" is not a folder \(looked for .*no-such-fixtures\)\.$/),
    ]);
    expect(output).not.toMatch(/ENOENT|\n\s+at /); // no stack trace, no error per file
  });

  it('refuses a bad PORT, DRAIN_SECONDS or flag, and a port in use, in one line each', async () => {
    const running = await startServer();
    const port = new URL(running.url).port;
    try {
      const cases: [Record<string, string>, RegExp][] = [
        [{ PORT: '' }, /^summit-graph: PORT must be a whole number from 0 to 65535; got "".$/m],
        [{ PORT: '70000' }, /^summit-graph: PORT must be a whole number from 0 to 65535; got "70000".$/m],
        [{ DRAIN_SECONDS: 'soon' }, /^summit-graph: DRAIN_SECONDS must be a whole number from 0 to 600; got "soon".$/m],
        [{ TRUST_PROXY: 'maybe' }, /^summit-graph: TRUST_PROXY must be true or false; got "maybe".$/m],
        [{ PORT: port }, new RegExp(`^summit-graph: 127.0.0.1:${port} is already in use; set PORT to a free port.$`, 'm')],
        [{ HOST: '203.0.113.77' }, /^summit-graph: HOST "203.0.113.77" is not an address of this machine.$/m],
      ];
      const errors = await Promise.all(
        cases.map(([env]) =>
          startServer(env).then(
            () => null,
            (e: Error) => e,
          ),
        ),
      );
      cases.forEach(([env, message], i) => {
        expect(errors[i]?.message, JSON.stringify(env)).toMatch(message);
        expect(errors[i]?.message, JSON.stringify(env)).not.toMatch(/\n\s+at /);
      });
    } finally {
      await running.stop();
    }
  }, 60_000);
});
