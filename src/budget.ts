/**
 * A per-client cost budget, the way GitHub and Shopify meter their GraphQL
 * APIs: each client (its network address) spends the cost of every query
 * it runs (src/limits.ts computes it) from a bucket of `points` that refills
 * evenly over `windowSeconds`. A query that costs more than what is left is
 * refused with 429 and `Retry-After`; answers from the response cache cost
 * nothing. Every answer over the network carries the IETF RateLimit-Policy
 * and RateLimit headers (draft-ietf-httpapi-ratelimit-headers).
 *
 * Requests that do not come over a socket (`yoga.fetch` in tests and
 * scripts) come from the process itself and are not metered. A socket whose
 * address cannot be read shares one bucket ("unknown"): the limit refuses
 * rather than lets through when it cannot tell clients apart.
 *
 * Memory is bounded: at most `maxClients` buckets, least recently seen
 * first out, keys at most 64 characters (an IPv6 client is keyed by its /64).
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

export interface BudgetOptions {
  /** Points a client may spend per window (the bucket's size). */
  points: number;
  /** Seconds for an empty bucket to fill again. */
  windowSeconds: number;
  /** Take the client's address from the last `X-Forwarded-For` entry (set only behind a proxy you run). */
  trustProxy?: boolean;
  /** Most clients remembered at once (default 100,000). */
  maxClients?: number;
}

/** The defaults `npm start` uses (README, Limits): generous for a person in GraphiQL. */
export const DEFAULT_BUDGET = { points: 500_000, windowSeconds: 60 } as const;

interface Bucket {
  points: number;
  /** When `points` was last brought up to date, in ms. */
  at: number;
}

export class CostBudget {
  readonly points: number;
  readonly windowSeconds: number;
  readonly trustProxy: boolean;
  private readonly perMs: number;
  private readonly buckets: LRUCache<string, Bucket>;

  constructor({ points, windowSeconds, trustProxy = false, maxClients = 100_000 }: BudgetOptions) {
    if (!(points > 0) || !(windowSeconds > 0)) throw new RangeError('A cost budget needs points and windowSeconds above 0.');
    this.points = points;
    this.windowSeconds = windowSeconds;
    this.trustProxy = trustProxy;
    this.perMs = points / (windowSeconds * 1000);
    this.buckets = new LRUCache({ max: maxClients });
  }

  get clients(): number {
    return this.buckets.size;
  }

  /** Points left for `client` now (a client not seen has a full bucket). */
  remaining(client: string, now = Date.now()): number {
    const bucket = this.buckets.peek(client);
    if (!bucket) return this.points;
    return Math.min(this.points, bucket.points + (now - bucket.at) * this.perMs);
  }

  /** Spends `cost` if that much is left; otherwise says in how many seconds it will be. */
  spend(client: string, cost: number, now = Date.now()): { ok: true; remaining: number } | { ok: false; remaining: number; retryAfter: number } {
    const left = this.remaining(client, now);
    if (cost > left) {
      // Refreshed, not only read: a client being refused must not be the first one evicted (and so reset).
      this.buckets.set(client, { points: left, at: now });
      return { ok: false, remaining: Math.floor(left), retryAfter: Math.max(1, Math.ceil((cost - left) / this.perMs / 1000)) };
    }
    this.buckets.set(client, { points: left - cost, at: now });
    return { ok: true, remaining: Math.floor(left - cost) };
  }

  /** Seconds until `client`'s bucket is full again. */
  secondsToFull(client: string, now = Date.now()): number {
    return Math.ceil((this.points - this.remaining(client, now)) / this.perMs / 1000);
  }

  /** The IETF headers for `client`'s budget. */
  headers(client: string, now = Date.now()): Record<string, string> {
    return {
      'ratelimit-policy': `"cost";q=${this.points};w=${this.windowSeconds}`,
      ratelimit: `"cost";r=${Math.floor(this.remaining(client, now))};t=${this.secondsToFull(client, now)}`,
    };
  }

  /**
   * The client a request comes from: its socket's address (an IPv6 address
   * by its /64), or with trustProxy the last X-Forwarded-For entry, the one
   * the proxy added. Undefined for a request that came over no socket.
   */
  clientOf(req: IncomingMessage | undefined): string | undefined {
    if (!req?.socket) return undefined;
    let address = req.socket.remoteAddress;
    if (this.trustProxy) {
      const header = req.headers['x-forwarded-for'];
      const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').pop()?.trim();
      if (last) {
        // What the proxy says, as an address (with or without a port), else as it is: never the
        // proxy's own address, which every client behind it shares.
        const parsed = addressOf(last);
        if (!parsed) return last.length <= 64 ? `forwarded:${last}` : 'forwarded:unknown';
        address = parsed;
      }
    }
    return addressKey(address);
  }
}

/** The key of a socket's remote address: an IPv6 address by its /64 (an IPv4-mapped one as IPv4), 'unknown' when absent. */
export function addressKey(address: string | undefined): string {
  if (!address || address.length > 64) return 'unknown';
  return isIP(address) === 6 ? ipv6Prefix(address) : address;
}

/** An IP address from `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`; undefined for anything else. */
function addressOf(entry: string): string | undefined {
  if (isIP(entry)) return entry;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed && isIP(bracketed[1]!) === 6) return bracketed[1];
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry);
  if (withPort && isIP(withPort[1]!) === 4) return withPort[1];
  return undefined;
}

/** The first four groups (the /64) of an IPv6 address; an IPv4-mapped address as its IPv4 form. */
function ipv6Prefix(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The Node request behind a Yoga context or server context, if there is one. */
export function nodeRequestOf(context: unknown): IncomingMessage | undefined {
  return (context as { req?: IncomingMessage } | undefined)?.req;
}

/** The 429 refusal for a query its client cannot afford now. */
export function overBudget(budget: CostBudget, cost: number, remaining: number, retryAfter: number): GraphQLError {
  return new GraphQLError(
    `Rate limit: this query costs ${cost} points and your address has ${remaining} of ${budget.points} left (the budget refills in ${budget.windowSeconds} s). Retry after ${retryAfter} s, or ask for smaller pages.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        cost,
        remaining,
        limit: budget.points,
        window: budget.windowSeconds,
        retryAfter,
        http: { status: 429, headers: { 'retry-after': String(retryAfter) } },
      },
    },
  );
}

/**
 * Adds RateLimit-Policy to every answer given over a socket, and RateLimit
 * (the client's own standing) to every one that shared caches may not keep.
 */
export function budgetHeadersPlugin(budget: CostBudget): Plugin {
  return {
    onResponse({ response, serverContext }) {
      const client = budget.clientOf(nodeRequestOf(serverContext));
      if (client === undefined) return;
      const headers = budget.headers(client);
      response.headers.set('ratelimit-policy', headers['ratelimit-policy']!);
      // An answer shared caches may keep must not carry one client's standing to the next.
      if (!/\bpublic\b/i.test(response.headers.get('cache-control') ?? '')) response.headers.set('ratelimit', headers.ratelimit!);
    },
  };
}
