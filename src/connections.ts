/**
 * Connection limits and the one check before Yoga, for the Node server.
 *
 * Node's own limits bound how long a request may take to arrive. Without
 * limits per client, a few addresses could hold every connection (for
 * instance by never reading their answers) and lock every other client out:
 * 1,000 sockets that never read did so. So:
 * - one address may hold at most `perClient` connections (an IPv6 address
 *   counts by its /64); more get 429 TOO_MANY_CONNECTIONS;
 * - at most `total` connections are open; at that cap, a connection from an
 *   address with fewer connections than the busiest address replaces the
 *   busiest address's oldest connection, so that holding many connections
 *   from a few addresses cannot keep a new client out; a connection that
 *   cannot replace one gets 503.
 * Behind a proxy (TRUST_PROXY) every connection comes from the proxy, which
 * must limit connections per client itself (deploy/nginx.conf does):
 * `perClient` is then not applied, and the total cap refuses at once.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey } from './budget.ts';

/** A GraphQL-shaped refusal written on a raw socket, which is then closed. */
function refusal(status: number, reason: string, code: string, message: string, extensions: Record<string, unknown> = {}): string {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] });
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Retry-After: 5\r\n' +
    'Access-Control-Allow-Origin: *\r\n' +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}

function refuse(socket: Socket, answer: string): void {
  socket.end(answer);
  // A client that does not read its refusal does not keep the socket.
  socket.setTimeout(1_000, () => socket.destroy());
}

export interface ConnectionLimits {
  /** Open connections in all. */
  total: number;
  /** Open connections per client address; undefined for none (behind a proxy). */
  perClient?: number;
}

/**
 * Applies `limits` to `server`'s connections. The per-address sets hold open
 * sockets only, so they are bounded by `total`.
 */
export function limitConnections(server: Server, { total, perClient }: ConnectionLimits): { open(): number } {
  // Each address's open sockets, oldest first (a Set keeps insertion order).
  const byAddress = new Map<string, Set<Socket>>();
  let open = 0;

  const busiest = (): [string, Set<Socket>] | undefined => {
    let found: [string, Set<Socket>] | undefined;
    for (const entry of byAddress) if (!found || entry[1].size > found[1].size) found = entry;
    return found;
  };

  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress);
    const mine = byAddress.get(key);
    const count = mine?.size ?? 0;
    if (perClient !== undefined && count >= perClient) {
      refuse(
        socket,
        refusal(
          429,
          'Too Many Requests',
          'TOO_MANY_CONNECTIONS',
          `Too many connections from your address: at most ${perClient} at once. Close some, or reuse them (keep-alive).`,
          { limit: perClient },
        ),
      );
      return;
    }
    if (open >= total) {
      const [victimKey, victims] = busiest() ?? [];
      // Only from an address with more connections than this one has: an address with none always gets one.
      const oldest = victims && victims.size > count ? victims.values().next().value : undefined;
      if (!oldest) {
        refuse(socket, refusal(503, 'Service Unavailable', 'SERVER_BUSY', `The server has ${total} connections open, its limit. Try again shortly.`));
        return;
      }
      // The busiest address gives up its oldest connection to a client with fewer.
      victims!.delete(oldest);
      if (victims!.size === 0) byAddress.delete(victimKey!);
      open--;
      oldest.destroy();
    }
    const sockets = mine ?? new Set<Socket>();
    if (!mine) byAddress.set(key, sockets);
    sockets.add(socket);
    open++;
    socket.once('close', () => {
      if (!sockets.delete(socket)) return;
      open--;
      if (sockets.size === 0 && byAddress.get(key) === sockets) byAddress.delete(key);
    });
  });
  return { open: () => open };
}

/**
 * The request listener: Yoga for every request whose URL can be built.
 * @whatwg-node/server builds the request's URL from the Host header before
 * any Yoga plugin runs, and answers a Host it cannot parse (`[::1`, `a b`,
 * `x:99999`) with a 500 carrying the exception's stack. RFC 9112 (3.2) asks
 * for a 400 to an invalid Host: this answers it, and hands everything else
 * to Yoga's pipeline.
 */
export function withValidHost(yoga: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const host = request.headers.host;
    if (host !== undefined && !URL.canParse(`http://${host}${request.url ?? '/'}`)) {
      const body = JSON.stringify({
        errors: [{ message: 'The Host header is not a valid host name (with an optional port).', extensions: { code: 'BAD_REQUEST' } }],
      });
      response.writeHead(400, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'access-control-allow-origin': '*',
        'cache-control': 'no-store',
      });
      response.end(body);
      return;
    }
    yoga(request, response);
  };
}
