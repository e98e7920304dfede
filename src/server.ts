/** Listens on HOST:PORT (default 0.0.0.0:4000) and closes gracefully on SIGTERM/SIGINT. */
import { createServer } from 'node:http';
import { FixtureError } from './store/load.js';

async function main() {
  let yoga;
  let lifecycle;
  let store;
  try {
    ({ yoga, lifecycle, store } = await import('./yoga.js'));
  } catch (error) {
    if (error instanceof FixtureError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const port = Number(process.env.PORT ?? 4000);
  const host = process.env.HOST ?? '0.0.0.0';
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be an integer from 0 to 65535; got ${JSON.stringify(process.env.PORT)}.`);
    process.exit(1);
  }

  const { records, readMs, validateMs, indexMs, searchMs } = store.loadStats;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  console.log(
    `summit-graph: ${records.toLocaleString('en-US')} records loaded in ${seconds(readMs + validateMs + indexMs + searchMs)} s ` +
      `(read ${seconds(readMs)}, validate ${seconds(validateMs)}, index ${seconds(indexMs)}, search index ${seconds(searchMs)})`,
  );

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
