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
 *   address with fewer connections than the busiest address replaces one of
 *   that address's connections (one with no request in flight first, at
 *   random), so that holding many connections from a few addresses cannot
 *   keep a new client out; a connection that cannot replace one gets 503.
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

/** Sockets refused: the request listener runs nothing that arrives on them (Node parses their bytes anyway). */
const refusedSockets = new WeakSet<Socket>();

/** Requests in flight per socket (withValidHost counts them): eviction prefers a socket with none. */
const inFlight = new WeakMap<Socket, number>();

function refuse(socket: Socket, answer: string): void {
  refusedSockets.add(socket);
  // Closed once the refusal is written; a client that does not read it does not keep the socket either.
  socket.end(answer, () => socket.destroy());
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

  /**
   * The connection to give up at the cap, from the addresses with the most
   * connections (if they have more than `count`): one with no request in
   * flight if there is one, else any, chosen at random, so that a client
   * cannot arrange which connection goes (the oldest or first-seen would be
   * predictable).
   */
  const victim = (count: number): [string, Set<Socket>, Socket] | undefined => {
    let most = 0;
    for (const sockets of byAddress.values()) most = Math.max(most, sockets.size);
    if (most <= count) return undefined;
    const idle: [string, Set<Socket>, Socket][] = [];
    const busy: [string, Set<Socket>, Socket][] = [];
    for (const [key, sockets] of byAddress) {
      if (sockets.size !== most) continue;
      for (const socket of sockets) ((inFlight.get(socket) ?? 0) > 0 ? busy : idle).push([key, sockets, socket]);
    }
    const pool = idle.length > 0 ? idle : busy;
    return pool[Math.floor(Math.random() * pool.length)];
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
      // Only from an address with more connections than this one has: an address with none always gets one.
      const chosen = victim(count);
      if (!chosen) {
        refuse(socket, refusal(503, 'Service Unavailable', 'SERVER_BUSY', `The server has ${total} connections open, its limit. Try again shortly.`));
        return;
      }
      // The busiest address gives up a connection to a client with fewer.
      const [victimKey, victims, evicted] = chosen;
      victims.delete(evicted);
      if (victims.size === 0) byAddress.delete(victimKey);
      open--;
      evicted.destroy();
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
    const socket = request.socket;
    // A refused connection's requests are not run (its refusal is already on the way).
    if (refusedSockets.has(socket)) {
      socket.destroy();
      return;
    }
    const host = request.headers.host;
    const target = request.url ?? '/';
    // @whatwg-node joins the Host (or, without one, the local address) and the target: both must make a URL.
    const problem = !target.startsWith('/')
      ? 'The request target must be a path (origin-form, RFC 9112 3.2.1), e.g. /graphql.'
      : host !== undefined && (host === '' || !URL.canParse(`http://${host}${target}`))
        ? 'The Host header is not a valid host name (with an optional port).'
        : undefined;
    if (problem) {
      const body = JSON.stringify({ errors: [{ message: problem, extensions: { code: 'BAD_REQUEST' } }] });
      response.writeHead(400, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'access-control-allow-origin': '*',
        'cache-control': 'no-store',
      });
      response.end(body);
      return;
    }
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1));
    yoga(request, response);
  };
}
