/** Serving: health, GraphiQL from installed packages, error masking, and the real server process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import { createApp, DEFAULT_QUERY } from '../src/yoga.js';
import { app, graphql } from './helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

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
    expect(html).toContain('YogaGraphiQL');
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
    expect(await response.text()).not.toContain('YogaGraphiQL');
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

/** Starts `src/server.ts` with `env` and resolves with its exit code and output. */
function runServer(env: Record<string, string>, whenListening?: (url: string) => Promise<void>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match && !started && whenListening) {
        started = true;
        whenListening(match[1]!).then(() => child.kill('SIGTERM'), reject);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

describe('the server process', () => {
  it('listens on PORT, answers, and exits 0 on SIGTERM', async () => {
    let health = 0;
    let body: any;
    const { code, output } = await runServer({}, async (url) => {
      health = (await fetch(`${url}/health`)).status;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ country(code: "vn") { name } }' }),
      });
      body = await response.json();
    });
    expect(health).toBe(200);
    expect(body).toEqual({ data: { country: { name: 'Vietnam' } } });
    expect(output).toContain('SIGTERM received');
    expect(code).toBe(0);
  });

  it('refuses to start on bad fixture data, naming the problem', async () => {
    const { code, output } = await runServer({ FIXTURES_DIR: fileURLToPath(new URL('./no-such-fixtures', import.meta.url)) });
    expect(code).toBe(1);
    expect(output).toContain('sources.json, record -, field -: cannot be read (ENOENT)');
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });
});
