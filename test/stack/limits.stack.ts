/**
 * The per-client cost budget through nginx: the replicas meter the client
 * nginx names in X-Forwarded-For (TRUST_PROXY=true), nginx names the
 * address the client connected from and nothing the client wrote, and
 * each client address goes to one replica, so the budget a client gets is
 * RATE_LIMIT_POINTS whatever the number of replicas.
 */
import { describe, expect, it } from 'vitest';
import { send, stackForFile, type Answer } from './harness.ts';

const POINTS = 1_000;
// A window of an hour: the budget does not refill noticeably while the test runs.
const stack = stackForFile({ REPLICAS: '2', RATE_LIMIT_POINTS: String(POINTS), RATE_LIMIT_WINDOW: '3600' });

let serial = 0;

/**
 * A POST (never cached by nginx) of a query that costs about a tenth of the
 * budget, under a name of its own: the replica's response cache answers a
 * repeated query for nothing.
 */
function spend(from: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send(`${stack().base}/graphql`, {
    method: 'POST',
    from,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: `query Spend${++serial} { parties(first: 50) { nodes { name } } }` }),
  });
}

/** Points left, from the RateLimit header of an answer. */
function left(answer: Answer): number {
  const match = /"cost";r=(\d+);t=\d+/.exec(String(answer.headers.ratelimit));
  if (!match) throw new Error(`no RateLimit header: ${JSON.stringify(answer.headers)}`);
  return Number(match[1]);
}

describe('the cost budget through nginx', () => {
  it('holds for a client across replicas, and an X-Forwarded-For the client writes does not get it a new one', async () => {
    const first = await spend('127.0.0.11');
    expect(first.status).toBe(200);
    const cost = POINTS - left(first);
    expect(cost).toBeGreaterThan(10);
    expect(cost).toBeLessThan(POINTS / 4);

    // Spend until refused, with and without made-up X-Forwarded-For headers.
    const forged: Record<string, string>[] = [
      {},
      { 'x-forwarded-for': '203.0.113.9' },
      { 'x-forwarded-for': '198.51.100.1, 203.0.113.10' },
      { 'x-real-ip': '203.0.113.11' },
    ];
    let spent = cost;
    let refused: Answer | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      const answer = await spend('127.0.0.11', forged[i % forged.length]);
      if (answer.status === 429) refused = answer;
      else {
        expect(answer.status).toBe(200);
        spent += cost;
      }
    }
    expect(refused, 'the client was never refused').toBeDefined();
    // Never more than the budget, though two replicas each keep one.
    expect(spent).toBeLessThanOrEqual(POINTS);
    expect(spent).toBeGreaterThan(POINTS - 2 * cost);
    expect(JSON.parse(refused!.text).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);

    // Refused whatever it claims to be.
    for (const headers of forged) expect((await spend('127.0.0.11', headers)).status).toBe(429);
  });

  it("meters each client address on its own: another client is not refused for the first one's spending", async () => {
    for (const from of ['127.0.0.12', '127.0.0.13']) {
      const answer = await spend(from);
      expect(answer.status).toBe(200);
      // A full budget less this one query: the replica saw this client, not nginx's address that every request shares.
      expect(left(answer)).toBeGreaterThan(POINTS / 2);
    }
  });
});
