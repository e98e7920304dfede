/**
 * nginx as the shared cache in front of the replicas (deploy/nginx.conf):
 * repeated GETs are answered by nginx, each answer with the headers and
 * body negotiated for the request that gets it (Origin, Accept,
 * Accept-Encoding), and nothing is kept that the server did not mark
 * public.
 */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getUrl, send, stackForFile, type Answer } from './harness.ts';

const stack = stackForFile({ REPLICAS: '2' });

/** A query no other test in this file sends, so that its first GET is nginx's first sight of it. */
let serial = 0;
function freshQuery(): string {
  serial++;
  return `query Fresh${serial} { country(code: "ZA") { name } }`;
}

const header = (answer: Answer, name: string) => {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

describe('replicas', () => {
  it('answer the same query with the same bytes and ETag', async () => {
    const answers = await Promise.all(
      [...stack().replicas.values()].map((replica) =>
        send(`http://127.0.0.1:${replica.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: '{ events(first: 5) { nodes { id name startDate } } }' }),
        }),
      ),
    );
    expect(answers).toHaveLength(2);
    expect(answers[0]!.status).toBe(200);
    expect(answers[1]!.body.equals(answers[0]!.body)).toBe(true);
    expect(header(answers[1]!, 'etag')).toBe(header(answers[0]!, 'etag'));
  });
});

describe('the nginx cache', () => {
  it('answers a repeated GET itself (X-Cache-Status: HIT) with the same body and ETag, and 304 to If-None-Match', async () => {
    const url = getUrl(stack().base, freshQuery());
    const first = await send(url, { headers: { accept: 'application/json' } });
    const second = await send(url, { headers: { accept: 'application/json' } });
    expect(first.status).toBe(200);
    expect(header(first, 'x-cache-status')).toBe('MISS');
    expect(header(second, 'x-cache-status')).toBe('HIT');
    expect(second.text).toBe(first.text);
    expect(second.text).toContain('South Africa');
    expect(header(second, 'etag')).toBe(header(first, 'etag'));
    expect(header(second, 'cache-control')).toBe(header(first, 'cache-control'));
    // One client's standing is never in a shared answer.
    expect(header(second, 'ratelimit')).toBeUndefined();

    const revalidated = await send(url, { headers: { accept: 'application/json', 'if-none-match': header(first, 'etag')! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('gives every Origin CORS headers for that origin only, cached or not', async () => {
    const url = getUrl(stack().base, freshQuery());
    const origins = ['https://one.example', 'https://two.example', undefined, 'https://one.example', 'https://two.example', undefined];
    const answers: Answer[] = [];
    for (const origin of origins) answers.push(await send(url, { headers: origin ? { origin } : {} }));
    origins.forEach((origin, i) => {
      const answer = answers[i]!;
      expect(answer.status).toBe(200);
      const allowed = header(answer, 'access-control-allow-origin');
      // Either the same answer for every origin (`*`) or this origin's own: never another one's.
      expect(allowed === '*' || (origin !== undefined && allowed === origin)).toBe(true);
      expect(header(answer, 'access-control-allow-credentials')).toBeUndefined();
    });
    // The second round is answered by nginx.
    for (const answer of answers.slice(3)) expect(header(answer, 'x-cache-status')).toBe('HIT');
  });

  it('gives each Accept its own content type and body, cached', async () => {
    const url = getUrl(stack().base, freshQuery());
    const accepts = ['application/graphql-response+json', 'application/json', 'application/graphql-response+json', 'application/json'];
    const answers: Answer[] = [];
    for (const accept of accepts) answers.push(await send(url, { headers: { accept } }));
    accepts.forEach((accept, i) => {
      expect(answers[i]!.status).toBe(200);
      expect(header(answers[i]!, 'content-type')).toMatch(new RegExp(`^${accept.replace('+', '\\+')}\\b`));
      expect(JSON.parse(answers[i]!.text)).toEqual({ data: { country: { name: 'South Africa' } } });
    });
    expect(header(answers[2]!, 'x-cache-status')).toBe('HIT');
    expect(header(answers[3]!, 'x-cache-status')).toBe('HIT');
    // The two media types never share a tag (README, Caching).
    expect(header(answers[0]!, 'etag')).not.toBe(header(answers[1]!, 'etag'));
  });

  it('keeps compressed and plain answers apart: a client that did not ask for compression never gets it', async () => {
    const url = getUrl(stack().base, freshQuery());
    const encodings = ['gzip', 'br', undefined, 'gzip', 'br', undefined, 'identity'];
    const expected = { data: { country: { name: 'South Africa' } } };
    for (const encoding of encodings) {
      const answer = await send(url, { headers: { accept: 'application/json', ...(encoding ? { 'accept-encoding': encoding } : {}) } });
      expect(answer.status).toBe(200);
      const used = header(answer, 'content-encoding');
      if (encoding === undefined || encoding === 'identity') {
        expect(used).toBeUndefined();
        expect(JSON.parse(answer.text)).toEqual(expected);
      } else {
        // Compressed only in an encoding this client accepts (or not at all, while the server does not compress).
        expect([undefined, encoding]).toContain(used);
        const plain = used === 'gzip' ? gunzipSync(answer.body) : used === 'br' ? brotliDecompressSync(answer.body) : answer.body;
        expect(JSON.parse(plain.toString())).toEqual(expected);
      }
    }
  });

  it('does not keep answers with errors, POST answers, or /ready', async () => {
    const invalid = getUrl(stack().base, '{ country(code: "ZA") { noSuchField } }');
    for (let i = 0; i < 2; i++) {
      const answer = await send(invalid, { headers: { accept: 'application/graphql-response+json' } });
      expect(answer.status).toBe(400);
      expect(header(answer, 'x-cache-status')).not.toBe('HIT');
    }
    const body = JSON.stringify({ query: freshQuery() });
    for (let i = 0; i < 2; i++) {
      const answer = await send(`${stack().base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(answer.status).toBe(200);
      expect(header(answer, 'x-cache-status')).toBeUndefined();
      // A POST answer is this client's: it carries its standing.
      expect(header(answer, 'ratelimit')).toMatch(/^"cost";r=\d+;t=\d+$/);
    }
    for (let i = 0; i < 2; i++) {
      const answer = await send(`${stack().base}/ready`);
      expect(answer.status).toBe(200);
      expect(header(answer, 'x-cache-status')).not.toBe('HIT');
    }
  });
});

describe("nginx's own limits", () => {
  it('refuses a body over 100,000 bytes with 413 and a GraphQL error, as the server does', async () => {
    const query = `{ country(code: "ZA") { name } } #${'x'.repeat(100_000)}`;
    const answer = await send(`${stack().base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('lets a body of exactly 100,000 bytes through to the server', async () => {
    const prefix = JSON.stringify({ query: '{ country(code: "ZA") { name } }' }).slice(0, -1);
    const body = `${prefix},"extensions":{"padding":"${'x'.repeat(100_000 - prefix.length - 29)}"}}`;
    expect(Buffer.byteLength(body)).toBe(100_000);
    const answer = await send(`${stack().base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('South Africa');
  });

  it('answers a request line over 16 KB with 414 and a GraphQL error that says to use POST', async () => {
    const answer = await send(getUrl(stack().base, `{ country(code: "ZA") { name } } #${'x'.repeat(20_000)}`));
    expect(answer.status).toBe(414);
    expect(JSON.parse(answer.text).errors[0].message).toMatch(/POST/);
  });
});
