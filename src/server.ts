/** Listens on HOST:PORT (default 0.0.0.0:4000) and closes gracefully on SIGTERM/SIGINT. */
import { createServer } from 'node:http';
import { lifecycle } from './http.js';
import { openStore } from './store/index.js';
import { FixtureError } from './store/load.js';
import type { Store } from './store/store.js';
import { createApp } from './yoga.js';

async function main() {
  const port = Number(process.env.PORT ?? 4000);
  const host = process.env.HOST ?? '0.0.0.0';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be an integer from 0 to 65535; got ${JSON.stringify(process.env.PORT)}.`);
    process.exit(1);
  }
  let store: Store;
  try {
    // Fixtures from FIXTURES_DIR (default: fixtures/).
    store = await openStore(process.env.FIXTURES_DIR || undefined);
  } catch (error) {
    if (error instanceof FixtureError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const { records, readMs, validateMs, indexMs, searchMs } = store.loadStats;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    `summit-graph: ${records.toLocaleString('en-US')} records loaded in ${seconds(performance.now())} s since start ` +
      `(read ${seconds(readMs)}, validate ${seconds(validateMs)}, index ${seconds(indexMs)}, search index ${seconds(searchMs)})`,
  );
  const yoga = createApp({ store, graphiql: process.env.GRAPHIQL !== 'false' });

  const server = createServer(yoga);
  server.listen(port, host, () => {
    const address = server.address();
    const shown = typeof address === 'object' && address ? `${host === '0.0.0.0' ? 'localhost' : host}:${address.port}` : `${host}:${port}`;
    console.log(`summit-graph: GraphQL and GraphiQL at http://${shown}${yoga.graphqlEndpoint}`);
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    lifecycle.accepting = false; // /ready now answers 503
    console.log(`${signal} received: finishing requests in flight, then closing.`);
    server.close((error) => {
      if (error) console.error(error);
      process.exit(error ? 1 : 0);
    });
    // Keep-alive connections close as soon as their requests finish, rather
    // than after the keep-alive timeout; a client that never finishes gets 10 s.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
