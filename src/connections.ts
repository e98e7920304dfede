/**
 * Connection limits per client, for a server that faces clients directly.
 * Node's own limits bound how long a request may take to arrive and the
 * connections in all; without a bound per client, one address could hold
 * every connection (for instance by never reading its answers) and lock
 * every other client out. Behind a proxy (TRUST_PROXY) every connection
 * comes from the proxy, which must limit connections per client itself, as
 * deploy/nginx.conf does.
 */
import type { Server } from 'node:http';
import { addressKey } from './budget.ts';

/** What a refused connection reads before it is closed: a GraphQL error, as nginx in front answers it (deploy/nginx.conf). */
function refusal(limit: number): string {
  const body = JSON.stringify({
    errors: [
      {
        message: `Too many connections from your address: at most ${limit} at once. Close some, or reuse them (keep-alive).`,
        extensions: { code: 'TOO_MANY_CONNECTIONS', limit },
      },
    ],
  });
  return (
    'HTTP/1.1 429 Too Many Requests\r\n' +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Retry-After: 5\r\n' +
    'Access-Control-Allow-Origin: *\r\n' +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}

/**
 * Refuses a client's connection beyond `limit` open at once (by address; an
 * IPv6 address by its /64) with a 429 naming the limit. The count map has
 * one entry per address with an open connection, so it is bounded by the
 * server's maxConnections.
 */
export function limitConnectionsPerClient(server: Server, limit: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const key = addressKey(socket.remoteAddress);
    const count = (open.get(key) ?? 0) + 1;
    if (count > limit) {
      socket.end(refusal(limit));
      // A client that does not read its refusal does not keep the socket.
      socket.setTimeout(1_000, () => socket.destroy());
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
