/**
 * The per-client cost budget (src/budget.ts) over real sockets: headers on
 * every answer, 429 with Retry-After past the budget, cached answers free,
 * X-Forwarded-For only when trusted, and bounded memory.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostBudget } from '../src/budget.ts';
import { createApp } from '../src/yoga.ts';
import { store } from './helpers.ts';

const QUERY = 'query Countries($first: Int!) { countries(first: $first) { nodes { name } } }'; // cost 1 + first x 2

async function listen(budget: CostBudget): Promise<{ server: Server; url: string }> {
  const server = createServer(createApp({ store, graphiql: false, budget }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql` };
}

const ask = (url: string, first: number, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: QUERY, variables: { first } }),
  });

describe('per-client cost budget', () => {
  const budget = new CostBudget({ points: 100, windowSeconds: 60 });
  let server: Server;
  let url: string;
  beforeAll(async () => ({ server, url } = await listen(budget)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('spends each query’s cost, says so in RateLimit headers, and refuses with 429 and Retry-After past it', async () => {
    const first = await ask(url, 20); // cost 41
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"cost";q=100;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"cost";r=59;t=2\d$/);
    expect((await ask(url, 21)).status).toBe(200); // cost 43: 16 left
    const refused = await ask(url, 10); // cost 21 > 16
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(3);
    const body = (await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.message).toMatch(/^Rate limit: this query costs 21 points and your address has 1[56] of 100 left .* Retry after \d+ s/);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', cost: 21, limit: 100, window: 60, retryAfter });
    // A cached answer costs nothing: the first query again is served though the budget is spent.
    const cached = await ask(url, 20);
    expect(cached.status).toBe(200);
    expect(cached.headers.get('ratelimit')).toMatch(/^"cost";r=1[56];/);
    // A GET answer shared caches may keep carries the policy but not this client's standing.
    const shared = await fetch(`${url}?query=${encodeURIComponent(QUERY)}&variables=${encodeURIComponent('{"first":20}')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(shared.status).toBe(200);
    expect(shared.headers.get('cache-control')).toMatch(/public/);
    expect(shared.headers.get('ratelimit-policy')).toBe('"cost";q=100;w=60');
    expect(shared.headers.get('ratelimit')).toBeNull();
  });

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    // Spoofing a new address does not give a fresh budget…
    expect((await ask(url, 30, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    // …but behind a trusted proxy the last entry (the one the proxy added) is the client.
    const behindProxy = await listen(new CostBudget({ points: 100, windowSeconds: 60, trustProxy: true }));
    try {
      expect((await ask(behindProxy.url, 40, { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).status).toBe(200); // cost 81
      expect((await ask(behindProxy.url, 39, { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' })).status).toBe(429); // cost 79 (not cached)
      expect((await ask(behindProxy.url, 39, { 'x-forwarded-for': '203.0.113.10' })).status).toBe(200); // another client
    } finally {
      behindProxy.server.close();
    }
  });
});

describe('CostBudget', () => {
  it('refills evenly over its window', () => {
    const budget = new CostBudget({ points: 600, windowSeconds: 60 });
    expect(budget.spend('a', 600, 0)).toEqual({ ok: true, remaining: 0 });
    expect(budget.spend('a', 20, 1000)).toEqual({ ok: false, remaining: 10, retryAfter: 1 });
    expect(budget.spend('a', 20, 2000)).toEqual({ ok: true, remaining: 0 });
    expect(budget.remaining('a', 62_000)).toBe(600);
  });

  it('remembers at most maxClients clients', () => {
    const budget = new CostBudget({ points: 10, windowSeconds: 1, maxClients: 3 });
    for (let i = 0; i < 1000; i++) budget.spend(`10.0.${i >> 8}.${i & 255}`, 1);
    expect(budget.clients).toBe(3);
  });

  it('behind a trusted proxy, keys the forwarded address with or without a port, and anything else by itself, never by the proxy', () => {
    const budget = new CostBudget({ points: 10, windowSeconds: 1, trustProxy: true });
    const of = (xff: string | undefined) =>
      budget.clientOf({ socket: { remoteAddress: '10.0.0.1' }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } } as never);
    expect(of('198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(of('203.0.113.9:5678')).toBe('203.0.113.9');
    expect(of('[2001:db8:1:2::9]:443')).toBe('2001:db8:1:2::/64');
    expect(of('unknown')).toBe('forwarded:unknown');
    expect(of(undefined)).toBe('10.0.0.1'); // not through the proxy: the socket's address
  });

  it('keeps a refused client fresh, so it is not the first evicted (and reset)', () => {
    const budget = new CostBudget({ points: 10, windowSeconds: 1000, maxClients: 2 });
    budget.spend('a', 10, 0);
    budget.spend('b', 1, 1);
    expect(budget.spend('a', 5, 2).ok).toBe(false); // refused, and now the most recently seen
    budget.spend('c', 1, 3); // evicts b, not a
    expect(budget.remaining('a', 3)).toBeLessThan(1);
    expect(budget.remaining('b', 3)).toBe(10);
  });

  it('keys an IPv6 client by its /64, and an IPv4-mapped address as IPv4', () => {
    const budget = new CostBudget({ points: 10, windowSeconds: 1 });
    const of = (remoteAddress: string) => budget.clientOf({ socket: { remoteAddress }, headers: {} } as never);
    expect(of('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(of('2001:db8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(of('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(of('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(of('192.0.2.1')).toBe('192.0.2.1');
    expect(budget.clientOf({ socket: {}, headers: {} } as never)).toBe('unknown');
    expect(budget.clientOf(undefined)).toBeUndefined();
  });
});
