/** Serving: health, GraphiQL from installed packages, error masking, and the real server process. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import { createApp, DEFAULT_QUERY } from '../src/yoga.js';
import { app, graphql, startServer } from './helpers.js';

describe('HTTP', () => {
  it('answers GET /health with 200', async () => {
    const response = await app.fetch('http://yoga/health');
    expect(response.status).toBe(200);
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
  it('listens on PORT, answers, and exits 0 on SIGTERM', async () => {
    const server = await startServer();
    const health = (await fetch(`${server.url}/health`)).status;
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ country(code: "vn") { name } }' }),
    });
    const body = await response.json();
    server.child.kill('SIGTERM');
    const { code, output } = await server.exited;
    expect(health).toBe(200);
    expect(body).toEqual({ data: { country: { name: 'Vietnam' } } });
    expect(output).toContain('SIGTERM received');
    expect(code).toBe(0);
  });

  it('refuses to start on bad fixture data, naming the problem', async () => {
    const error = await startServer({ FIXTURES_DIR: fileURLToPath(new URL('./no-such-fixtures', import.meta.url)) }).then(
      () => null,
      (e: Error) => e,
    );
    const output = error?.message ?? '';
    expect(output).toMatch(/^server exited with 1 before listening/);
    expect(output).toContain('sources.json, record -, field -: cannot be read (ENOENT)');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });
});
