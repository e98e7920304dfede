/**
 * Listens on HOST:PORT (default 0.0.0.0:4000) and shuts down without losing
 * a request: on SIGTERM or SIGINT it turns not-ready (`/ready` answers 503)
 * and keeps serving for DRAIN_SECONDS, answering with `Connection: close`
 * so that clients and load balancers move away; then it stops listening,
 * finishes the requests in flight and exits 0.
 */
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { DEFAULT_BUDGET } from './budget.ts';
import { limitConnections, withValidHost } from './connections.ts';
import { lifecycle } from './http.ts';
import { TRUSTED_DOCUMENTS_MODES, type TrustedDocumentsMode } from './perf/persisted.ts';
import { EXECUTION_TIME_LIMIT_MS } from './limits.ts';
import { openStore } from './store/index.ts';
import { FixtureError } from './store/load.ts';
import type { Store } from './store/store.ts';
import { createApp } from './yoga.ts';

/** Connection hygiene (README, Limits): slow clients cannot hold a connection for long. */
const CONNECTION_LIMITS = {
  /** All request headers must arrive within this time. */
  headersTimeoutMs: 10_000,
  /** The whole request, body included, must arrive within this time. */
  requestTimeoutMs: 15_000,
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: 5_000,
  /**
   * Open connections at once. At the cap, a client with fewer connections than the busiest address
   * takes one of that address's (one with no request in flight first); others get 503 (src/connections.ts).
   */
  maxConnections: 1_000,
  /**
   * Open connections from one client address at once (an IPv6 address by its /64); more get 429 (TOO_MANY_CONNECTIONS).
   * Not applied behind a proxy (TRUST_PROXY), whose connections all come from its own address.
   */
  maxConnectionsPerClient: 100,
  /**
   * A connection on which nothing moves (no byte read or written: a client that stopped reading its
   * answer) for this long is closed. Node re-arms the timer once when a large write is still
   * draining, so a stalled large answer is closed after up to twice this (measured: about 30 s).
   */
  inactivityTimeoutMs: 15_000,
  /** Requests in flight when the drain ends get this long to finish before their connections are closed. */
  finishTimeoutMs: 10_000,
} as const;

function fail(message: string): never {
  console.error(`summit-graph: ${message}`);
  process.exit(1);
}

/** An environment variable that must be a whole number in a range when set; `fallback` when unset. */
function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    fail(`${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw)}.`);
  }
  return Number(raw);
}

/** A boolean environment variable: true/1/yes or false/0/no, any letter case; `fallback` when unset. */
function flag(name: string, fallback = false): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  fail(`${name} must be true or false; got ${JSON.stringify(raw)}.`);
}

/** An environment variable that must be one of `allowed` when set; `fallback` when unset or empty. */
function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) fail(`${name} must be ${allowed.join(' or ')}; got ${JSON.stringify(raw)}.`);
  return raw as T;
}

async function main() {
  const port = wholeNumber('PORT', 4000, 0, 65535);
  const drainSeconds = wholeNumber('DRAIN_SECONDS', 5, 0, 600);
  const host = process.env.HOST ?? '0.0.0.0';
  const budget = {
    points: wholeNumber('RATE_LIMIT_POINTS', DEFAULT_BUDGET.points, 1, 1_000_000_000),
    windowSeconds: wholeNumber('RATE_LIMIT_WINDOW', DEFAULT_BUDGET.windowSeconds, 1, 86_400),
    trustProxy: flag('TRUST_PROXY'),
  };
  const timeLimitMs = wholeNumber('EXECUTION_TIME_LIMIT_MS', EXECUTION_TIME_LIMIT_MS, 1, 600_000);
  const graphiql = flag('GRAPHIQL', true);
  const trustedDocuments = oneOf<TrustedDocumentsMode>('TRUSTED_DOCUMENTS', TRUSTED_DOCUMENTS_MODES, 'allow');
  const fixturesDir = process.env.FIXTURES_DIR || undefined;
  if (fixturesDir !== undefined && !statSync(fixturesDir, { throwIfNoEntry: false })?.isDirectory()) {
    fail(`FIXTURES_DIR ${JSON.stringify(fixturesDir)} is not a folder (looked for ${resolve(fixturesDir)}).`);
  }
  let store: Store;
  try {
    // Fixtures from FIXTURES_DIR (default: fixtures/).
    store = await openStore(fixturesDir);
  } catch (error) {
    if (error instanceof FixtureError) fail(error.message);
    throw error;
  }

  const { records, readMs, validateMs, indexMs, searchMs } = store.loadStats;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    `summit-graph: ${records.toLocaleString('en-US')} records loaded in ${seconds(performance.now())} s since start ` +
      `(read ${seconds(readMs)}, validate ${seconds(validateMs)}, index ${seconds(indexMs)}, search index ${seconds(searchMs)})`,
  );
  const yoga = createApp({ store, graphiql, budget, timeLimitMs, trustedDocuments });

  const server = createServer(
    {
      headersTimeout: CONNECTION_LIMITS.headersTimeoutMs,
      requestTimeout: CONNECTION_LIMITS.requestTimeoutMs,
      keepAliveTimeout: CONNECTION_LIMITS.keepAliveTimeoutMs,
      // How often the two timeouts above are checked (Node's default, 30 s, let a slow request live 45 s).
      connectionsCheckingInterval: 1_000,
    },
    // Every request goes to Yoga, but for one whose Host header cannot make a URL (400: see withValidHost).
    withValidHost(yoga),
  );
  server.timeout = CONNECTION_LIMITS.inactivityTimeoutMs;
  limitConnections(server, {
    total: CONNECTION_LIMITS.maxConnections,
    perClient: budget.trustProxy ? undefined : CONNECTION_LIMITS.maxConnectionsPerClient,
  });
  server.once('error', (error: NodeJS.ErrnoException) => {
    const where = `${host}:${port}`;
    if (error.code === 'EADDRINUSE') fail(`${where} is already in use; set PORT to a free port.`);
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
      fail(`HOST ${JSON.stringify(host)} is not an address of this machine.`);
    if (error.code === 'EACCES') fail(`no permission to listen on ${where}; use a port above 1023.`);
    fail(`cannot listen on ${where}: ${error.message}`);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    const shown = `${name}:${typeof address === 'object' && address ? address.port : port}`;
    console.log(`summit-graph: GraphQL${graphiql ? ' and GraphiQL' : ''} at http://${shown}${yoga.graphqlEndpoint}`);
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      console.log(`summit-graph: ${signal} again: exiting now, without waiting for the drain.`);
      process.exit(1);
    }
    closing = true;
    // Not ready from now on; every answer says Connection: close (readinessPlugin).
    lifecycle.accepting = false;
    console.log(`summit-graph: ${signal} received: not ready; serving for ${drainSeconds} s more (DRAIN_SECONDS), then closing.`);
    setTimeout(() => {
      console.log('summit-graph: drained; no new connections, finishing the requests in flight.');
      server.close(() => {
        console.log('summit-graph: closed.');
        process.exit(0);
      });
      // A client that holds its connection open gets finishTimeoutMs more.
      setTimeout(() => server.closeAllConnections(), CONNECTION_LIMITS.finishTimeoutMs).unref();
    }, drainSeconds * 1000);
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
