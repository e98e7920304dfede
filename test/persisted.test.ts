/**
 * Persisted operations (src/perf/persisted.ts): Apollo's Automatic
 * Persisted Queries, trusted documents by `documentId`, and
 * TRUSTED_DOCUMENTS=only, through the production configuration. A request
 * for a persisted document is an ordinary request from then on: cached,
 * with ETag and Cache-Control, like the same request with the full text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExamples } from '../src/explorer/examples.ts';
import { EXPLORE_QUERIES_FILE } from '../src/explorer/plugin.ts';
import { loadManifest, MANIFEST_FILE, PersistedQueryStore, sha256Hex } from '../src/perf/persisted.ts';
import { GET_CACHE_CONTROL } from '../src/perf/response-cache.ts';
import { createApp, type App } from '../src/yoga.ts';
import { manifestText } from '../scripts/persist.ts';
import { app, freshApp, startServer, store } from './helpers.ts';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

const post = (target: App, body: unknown, accept = GRAPHQL_RESPONSE) =>
  target.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A GET with these query parameters (objects are sent as JSON). */
const get = (target: App, params: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return target.fetch(`http://yoga/graphql?${search}`, { headers: { accept: GRAPHQL_RESPONSE, ...headers } });
};

const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

interface Body {
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}
const json = async (response: Response) => (await response.json()) as Body;

/** A query no other test sends, so that no cache holds it yet. */
let counter = 0;
const uniqueQuery = () => `query Unique${++counter} { party(slug: "african-national-congress") { name } }`;
const ANC = { party: { name: 'African National Congress' } };

describe("Apollo's Automatic Persisted Queries", () => {
  it('answers an unknown hash with PersistedQueryNotFound, which no cache may keep (POST and GET)', async () => {
    const hash = sha256Hex(uniqueQuery());
    for (const response of [await post(app, { extensions: apq(hash) }), await get(app, { extensions: apq(hash) })]) {
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('etag')).toBeNull();
      expect(await json(response)).toEqual({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    }
    // With application/json the refusal has status 200, as for every request error (README, Errors).
    const plain = await post(app, { extensions: apq(hash) }, 'application/json');
    expect(plain.status).toBe(200);
    expect((await json(plain)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs a query sent with its hash, then the hash alone (POST and GET)', async () => {
    const query = uniqueQuery();
    const hash = sha256Hex(query);
    const registered = await post(app, { query, extensions: apq(hash) });
    expect(registered.status).toBe(200);
    expect((await json(registered)).data).toEqual(ANC);
    for (const response of [await post(app, { extensions: apq(hash) }), await get(app, { extensions: apq(hash) })]) {
      expect(response.status).toBe(200);
      expect(await json(response)).toEqual({ data: ANC });
    }
  });

  it('accepts the hash in upper case', async () => {
    const query = uniqueQuery();
    const hash = sha256Hex(query).toUpperCase();
    expect((await json(await post(app, { query, extensions: apq(hash) }))).data).toEqual(ANC);
    expect((await json(await post(app, { extensions: apq(hash) }))).data).toEqual(ANC);
  });

  it('refuses a hash that is not its query’s, without running or registering it', async () => {
    const query = uniqueQuery();
    const claimed = sha256Hex('{ __typename }');
    const response = await post(app, { query, extensions: apq(claimed) });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: `\`extensions.persistedQuery.sha256Hash\` is not the SHA-256 of the query: the query's is ${sha256Hex(query)}, the request says ${claimed}. Hash the exact text sent as \`query\` (UTF-8).`,
        extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' },
      },
    ]);
    expect((await json(await post(app, { extensions: apq(claimed) }))).errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });

  it('refuses a version other than 1', async () => {
    const hash = sha256Hex(uniqueQuery());
    for (const version of [2, '1', undefined]) {
      const response = await post(app, { extensions: { persistedQuery: { version, sha256Hash: hash } } });
      expect(response.status).toBe(400);
      expect(await json(response)).toEqual({
        errors: [
          {
            message: `Unsupported persisted query version: \`extensions.persistedQuery.version\` must be 1 (Apollo's Automatic Persisted Queries); got ${version === undefined ? 'nothing' : JSON.stringify(version)}.`,
            extensions: { code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED' },
          },
        ],
      });
    }
  });

  it('answers a hash-only GET from the response cache, with ETag, Cache-Control and 304, like the GET with the text', async () => {
    const target = freshApp();
    const query = uniqueQuery();
    const hash = sha256Hex(query);
    const registered = await post(target, { query, extensions: apq(hash) });
    expect(registered.headers.get('store-calls')).not.toBeNull(); // executed

    const first = await get(target, { extensions: apq(hash) });
    expect(first.status).toBe(200);
    expect(first.headers.get('store-calls')).toBeNull(); // a hit: the answer stored for the POST
    expect(first.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await json(first)).toEqual({ data: ANC });

    const withText = await get(target, { query });
    expect(withText.headers.get('etag')).toBe(etag);
    expect(withText.headers.get('store-calls')).toBeNull();

    const revalidated = await get(target, { extensions: apq(hash) }, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
  });

  it('keeps registered documents in a store bounded in bytes, least recently used first out', async () => {
    const persisted = new PersistedQueryStore({ maxBytes: 64 * 1024 });
    const target = createApp({ store, persistedQueries: persisted, responseCache: false });
    const queries = Array.from({ length: 2_000 }, (_, i) => `query Registered${i} { __typename }`);
    for (const query of queries) {
      const response = await post(target, { query, extensions: apq(sha256Hex(query)) });
      expect(response.status).toBe(200);
    }
    expect(persisted.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(persisted.size).toBeGreaterThan(100);
    expect(persisted.size).toBeLessThan(queries.length);
    const oldest = await json(await post(target, { extensions: apq(sha256Hex(queries[0]!)) }));
    expect(oldest.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const newest = await json(await post(target, { extensions: apq(sha256Hex(queries.at(-1)!)) }));
    expect(newest).toEqual({ data: { __typename: 'Query' } });
  });

  it('stays within its bytes after 10,000 distinct registrations of the largest documents accepted', () => {
    const persisted = new PersistedQueryStore({ maxBytes: 1024 * 1024 });
    for (let i = 0; i < 10_000; i++) {
      const query = `query Big${i} { __typename }\n#${'x'.repeat(14_000)}`;
      persisted.set(sha256Hex(query), query);
    }
    expect(persisted.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(persisted.size).toBeLessThan(40);
  });
});

describe('malformed persisted-operation parameters get 400 and a message naming what was wrong', () => {
  const hash = sha256Hex('{ __typename }');
  const cases: [string, unknown, RegExp][] = [
    [
      'a hash that is not hexadecimal',
      { extensions: apq('z'.repeat(64)) },
      /sha256Hash` must be the query's SHA-256 as 64 hexadecimal characters; got "z{64}"\.$/,
    ],
    ['a hash of 90,000 characters', { extensions: apq('a'.repeat(90_000)) }, /64 hexadecimal characters; got "a{72}"… \(90000 characters\)\.$/],
    ['a hash that is a number', { extensions: apq(12 as unknown as string) }, /64 hexadecimal characters; got 12\.$/],
    ['persistedQuery null', { extensions: { persistedQuery: null } }, /^`extensions.persistedQuery` must be an object .*; got null\.$/],
    ['persistedQuery a string', { extensions: { persistedQuery: hash } }, /^`extensions.persistedQuery` must be an object .*; got "[0-9a-f]{64}"\.$/],
    ['persistedQuery an array', { extensions: { persistedQuery: [1, hash] } }, /^`extensions.persistedQuery` must be an object .*; got an array\.$/],
    [
      'extensions a string',
      { query: '{ __typename }', extensions: 'persistedQuery' },
      /^Expected "extensions" param to be empty or an object, but given string\.$/,
    ],
    ['extensions an array', { extensions: [apq(hash)] }, /^Must provide query string\.$/],
    ['a documentId with an unknown prefix', { documentId: `md5:${'a'.repeat(32)}` }, /^`documentId` must be "sha256:" followed by .*; got "md5:a{32}"\.$/],
    ['a bare hash as documentId', { documentId: hash }, /^`documentId` must be "sha256:" .*; got "[0-9a-f]{64}"\.$/],
    ['a documentId that is an object', { documentId: { sha256: hash } }, /^`documentId` must be "sha256:" .*; got an object\.$/],
    ['documentId beside a query', { documentId: `sha256:${hash}`, query: '{ __typename }' }, /^Send either `query` or `documentId`, not both\.$/],
    [
      'documentId beside persistedQuery',
      { documentId: `sha256:${hash}`, extensions: apq(hash) },
      /^Send either `documentId` or `extensions.persistedQuery`, not both\.$/,
    ],
    [
      'an unknown documentId',
      { documentId: `sha256:${hash}` },
      /^No persisted document has the documentId "sha256:[0-9a-f]{64}"\. This server knows the documents of its manifest/,
    ],
  ];

  it.each(cases)('%s (POST)', async (_name, body, message) => {
    const response = await post(app, body);
    expect(response.status).toBe(400);
    const { errors } = await json(response);
    expect(errors).toHaveLength(1);
    expect(errors![0]!.message).toMatch(message);
  });

  it('a nested array of 40,000 levels as documentId', async () => {
    const response = await post(app, `{"documentId":${'['.repeat(40_000)}${']'.repeat(40_000)}}`);
    expect(response.status).toBe(400);
    expect((await json(response)).errors?.[0]?.message).toMatch(/got an array\.$/);
  });

  it.each([
    ['extensions a JSON string', { extensions: '"persistedQuery"' }, /^The `extensions` query parameter must be a JSON object\.$/],
    ['extensions not JSON', { extensions: '{persistedQuery' }, /^The `extensions` query parameter is not valid JSON\.$/],
    ['persistedQuery null', { extensions: { persistedQuery: null } }, /^`extensions.persistedQuery` must be an object/],
    ['a documentId with an unknown prefix', { documentId: 'x-custom:42' }, /^`documentId` must be "sha256:" .*; got "x-custom:42"\.$/],
    ['documentId beside a query', { documentId: `sha256:${hash}`, query: '{ __typename }' }, /^Send either `query` or `documentId`, not both\.$/],
  ])('%s (GET)', async (_name, params, message) => {
    const response = await get(app, params);
    expect(response.status).toBe(400);
    expect((await json(response)).errors?.[0]?.message).toMatch(message);
  });
});

describe('trusted documents', () => {
  const manifest = loadManifest();
  const examples = loadExamples();
  const example = examples.find((e) => e.file.startsWith('01-'))!;
  const exampleId = `sha256:${sha256Hex(example.document)}`;

  it('persisted-documents.json is up to date (npm run persist) and holds every shipped operation', () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(manifestText());
    for (const { document } of examples) expect(manifest.get(sha256Hex(document))).toBe(document);
    expect(manifest.has(sha256Hex(readFileSync(EXPLORE_QUERIES_FILE, 'utf8')))).toBe(true);
    expect([...manifest.values()].some((d) => d.includes('query PartiesPage('))).toBe(true); // the typed client
  });

  it('runs a manifest document by documentId, POST and GET, as the same query sent as text', async () => {
    const target = freshApp();
    const expected = await (await post(createApp({ store, responseCache: false }), { query: example.document })).text();
    const byPost = await post(target, { documentId: exampleId });
    expect(byPost.status).toBe(200);
    expect(await byPost.text()).toBe(expected);

    const byGet = await get(target, { documentId: exampleId });
    expect(byGet.status).toBe(200);
    expect(await byGet.text()).toBe(expected);
    expect(byGet.headers.get('store-calls')).toBeNull(); // answered from the response cache
    expect(byGet.headers.get('cache-control')).toBe(GET_CACHE_CONTROL);
    const revalidated = await get(target, { documentId: exampleId }, { 'if-none-match': byGet.headers.get('etag')! });
    expect(revalidated.status).toBe(304);
  });

  it('reads a GET documentId whose parameter name is percent-encoded (document%49d), as URLSearchParams does', async () => {
    const expected = await (await post(createApp({ store, responseCache: false }), { query: example.document })).text();
    const encoded = await app.fetch(`http://yoga/graphql?document%49d=${encodeURIComponent(exampleId)}`, { headers: { accept: GRAPHQL_RESPONSE } });
    expect(encoded.status).toBe(200);
    expect(await encoded.text()).toBe(expected);
    // Beside a query it is refused, never dropped while the query runs.
    const both = await app.fetch(`http://yoga/graphql?document%49d=${encodeURIComponent(exampleId)}&query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: GRAPHQL_RESPONSE },
    });
    expect(both.status).toBe(400);
    expect((await json(both)).errors?.[0]?.message).toBe('Send either `query` or `documentId`, not both.');
  });

  it("runs the network view's document by documentId with an operationName", async () => {
    const id = `sha256:${sha256Hex(readFileSync(EXPLORE_QUERIES_FILE, 'utf8'))}`;
    const response = await post(app, { documentId: id, operationName: 'ExplorerSearch', variables: { text: 'African National Congress' } });
    const body = await json(response);
    expect(body.errors).toBeUndefined();
    expect(JSON.stringify(body.data)).toContain('African National Congress');
  });

  describe('TRUSTED_DOCUMENTS=only', () => {
    const trusted = createApp({ store, trustedDocuments: 'only' });
    const REFUSAL =
      'This server runs with TRUSTED_DOCUMENTS=only: it runs only the documents of its manifest (persisted-documents.json), sent by `documentId`, by `extensions.persistedQuery` hash, or as their exact text. This document is not one of them.';

    it('refuses any other document, sent as text (POST and GET) or with its APQ hash, and registers none', async () => {
      const query = uniqueQuery();
      const hash = sha256Hex(query);
      for (const response of [
        await post(trusted, { query }),
        await get(trusted, { query }),
        await post(trusted, { query, extensions: apq(hash) }),
        await post(trusted, { query: '{ __typename }' }),
      ]) {
        expect(response.status).toBe(400);
        expect(await json(response)).toEqual({ errors: [{ message: REFUSAL, extensions: { code: 'DOCUMENT_NOT_TRUSTED' } }] });
      }
      expect((await json(await post(trusted, { extensions: apq(hash) }))).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it("runs the manifest's documents by documentId, by APQ hash and as their exact text", async () => {
      const hash = sha256Hex(example.document);
      for (const response of [
        await post(trusted, { documentId: exampleId }),
        await get(trusted, { documentId: exampleId }),
        await post(trusted, { extensions: apq(hash) }),
        await get(trusted, { extensions: apq(hash) }),
        await post(trusted, { query: example.document }),
        await post(trusted, { query: example.document, extensions: apq(hash) }),
      ]) {
        expect(response.status).toBe(200);
        expect((await json(response)).errors).toBeUndefined();
      }
    });

    it('is set by TRUSTED_DOCUMENTS at start-up, and a value other than allow or only stops the server in one line', async () => {
      const error = await startServer({ TRUSTED_DOCUMENTS: 'sometimes' }).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^summit-graph: TRUSTED_DOCUMENTS must be allow or only; got "sometimes".$/m);
      expect(error?.message).not.toMatch(/\n\s+at /);

      const server = await startServer({ TRUSTED_DOCUMENTS: 'only' });
      try {
        const send = (body: unknown) =>
          fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE },
            body: JSON.stringify(body),
          });
        const refused = await send({ query: '{ __typename }' });
        expect(refused.status).toBe(400);
        expect((await json(refused)).errors?.[0]?.extensions?.code).toBe('DOCUMENT_NOT_TRUSTED');
        const allowed = await send({ documentId: exampleId });
        expect(allowed.status).toBe(200);
        expect((await json(allowed)).errors).toBeUndefined();
      } finally {
        await server.stop();
      }
    }, 60_000);
  });
});
