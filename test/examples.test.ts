/**
 * The explorer: every ready-made question in examples/ runs and answers,
 * GraphiQL opens each as a tab, /schema.graphql is the committed file, and
 * the network view at /explore is served from local files with queries that
 * fit the schema. (The page itself is tested in a browser: test/e2e/.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createClient, GraphQLRequestError } from '../examples/client/src/client.js';
import { allParties, refetchParty } from '../examples/client/src/parties.js';
import { loadExamples, parseExample } from '../src/explorer/examples.ts';
import { hasIncrementalDirectives } from '../src/incremental.ts';
import { cytoscapeFile, EXPLORE_QUERIES_FILE, SCHEMA_FILE } from '../src/explorer/plugin.ts';
import { schema } from '../src/schema/index.ts';
import { createApp } from '../src/yoga.ts';
import { app, data, graphql } from './helpers.ts';
import { incrementalGraphql } from './incremental.ts';

const examples = loadExamples();
const SUMMIT_2021 = 'cpc-and-world-political-parties-summit-2021';

/** The values at a dotted path; `*` steps into every item of a list. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  if (value === null || value === undefined) return [];
  const [step, ...rest] = path as [string, ...string[]];
  if (step === '*') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest)) : [];
  return valuesAt((value as Record<string, unknown>)[step], rest);
}

const isNonEmpty = (value: unknown) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

describe('examples/*.graphql', () => {
  it('holds at least ten ready-made questions', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((example) => [example.file, example] as const))('%s runs without errors and answers', async (_file, example) => {
    // An example with @defer/@stream is asked for over multipart/mixed (its parts merged).
    const result = hasIncrementalDirectives(parse(example.document)) ? await incrementalGraphql(app, example.document) : await graphql(example.document);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(result.status).toBe(200);
    for (const [field, value] of Object.entries(result.data ?? {})) {
      expect(value, `${example.file}: ${field} is null`).not.toBeNull();
    }
    for (const path of example.nonEmpty) {
      const values = valuesAt(result.data, path.split('.'));
      expect(values.some(isNonEmpty), `${example.file}: nothing at ${path}`).toBe(true);
    }
  });

  it('pages through parties: the second page continues where the first ended', async () => {
    const paging = examples.find((example) => example.document.includes('$after'));
    expect(paging, 'an example with an `after` variable').toBeDefined();
    const first = await data(paging!.document);
    expect(first.parties.pageInfo.hasNextPage).toBe(true);
    const second = await data(paging!.document, { after: first.parties.pageInfo.endCursor });
    const names = (page: any) => page.parties.edges.map((edge: any) => edge.node.name);
    expect(names(second)).toHaveLength(Math.min(10, first.parties.totalCount - 10));
    expect(names(second).filter((name: string) => names(first).includes(name))).toEqual([]);
  });

  it('refetches through node(id:) the object the ID came from', async () => {
    const refetch = examples.find((example) => /\bnode\(id:/.test(example.document));
    expect(refetch, 'an example that calls node(id:)').toBeDefined();
    const { node } = await data(refetch!.document);
    const { event } = await data(`{ event(slug: "${SUMMIT_2021}") { id name } }`);
    expect(node).toMatchObject({ __typename: 'Event', id: event.id, name: event.name });
  });

  it('refuses a malformed example with a message that names the file', () => {
    expect(() => parseExample('x.graphql', '{ events { totalCount } }')).toThrow(/examples\/x\.graphql: the operation must be named/);
    expect(() => parseExample('x.graphql', 'query A { events { totalCount } }')).toThrow(/examples\/x\.graphql: must start with a `#` comment/);
    expect(() => parseExample('x.graphql', '# Q?\nquery A { events { totalCount } }')).toThrow(/# Non-empty: path/);
    expect(() => parseExample('x.graphql', '# Q?\n# Non-empty: a\nquery A { a } query B { b }')).toThrow(/exactly one operation; found 2/);
    expect(() => parseExample('x.graphql', '# Q?\nquery A {')).toThrow(/examples\/x\.graphql: not a GraphQL document/);
    expect(parseExample('x.graphql', '# Which?\n# More.\n#\n# Notes.\n# Non-empty: a.b\nquery A { a }')).toMatchObject({
      name: 'A',
      question: 'Which? More.',
      nonEmpty: ['a.b'],
    });
  });
});

describe('README', () => {
  it('lists every example in its Exploring section', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const section = /<!-- explorer:start -->([\s\S]*)<!-- explorer:end -->/.exec(readme)?.[1] ?? '';
    const listed = [...section.matchAll(/^\| `([\w-]+)` \|/gm)].map((match) => `${match[1]}.graphql`);
    expect(listed).toEqual(examples.map((example) => example.file));
  });
});

describe('GraphiQL', () => {
  it('opens every example as a tab, after the default query', async () => {
    const response = await app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    const html = await response.text();
    const options = /<script id="graphiql-options" type="application\/json">(.*?)<\/script>/s.exec(html);
    expect(options, 'the GraphiQL options in the page').not.toBeNull();
    const { defaultTabs } = JSON.parse(options![1]!) as { defaultTabs: { query: string }[] };
    const queries = defaultTabs.map((tab) => tab.query);
    expect(queries.slice(1)).toEqual(examples.map((example) => example.document));
    expect(queries[0]).toMatch(/query SummitParticipants/);
  });
});

describe('/schema.graphql', () => {
  it('serves the committed schema.graphql byte for byte, as text', async () => {
    const response = await app.fetch('http://yoga/schema.graphql');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('is served even when GraphiQL and the network view are off', async () => {
    const quiet = createApp({ graphiql: false });
    expect((await quiet.fetch('http://yoga/schema.graphql')).status).toBe(200);
    expect((await quiet.fetch('http://yoga/explore')).status).toBe(404);
  });
});

describe('/explore', () => {
  it('serves the page with its scripts and styles from this server only', async () => {
    const response = await app.fetch('http://yoga/explore');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'.*connect-src 'self'/);
    const html = await response.text();
    expect(html).toContain('data-endpoint="/graphql"');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(urls).toEqual(expect.arrayContaining(['/explore/cytoscape.min.js', '/explore/explore.js', '/explore/explore.css']));
    expect(urls.filter((url) => !url.startsWith('/'))).toEqual([]);
  });

  it('serves cytoscape from node_modules, and every file the page loads', async () => {
    const cytoscape = await app.fetch('http://yoga/explore/cytoscape.min.js');
    expect(cytoscape.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await cytoscape.text()).toBe(readFileSync(cytoscapeFile(), 'utf8'));
    for (const file of ['explore.js', 'explore.css', 'explore.graphql']) {
      expect((await app.fetch(`http://yoga/explore/${file}`)).status, file).toBe(200);
    }
  });

  it('answers 405 to a method other than GET or HEAD', async () => {
    const response = await app.fetch('http://yoga/explore', { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  describe('its queries (explore.graphql)', () => {
    const document = readFileSync(EXPLORE_QUERIES_FILE, 'utf8');
    const run = (operationName: string, variables: Record<string, unknown>) =>
      Promise.resolve(
        app.fetch('http://yoga/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: document, operationName, variables }),
        }),
      ).then((response) => response.json() as Promise<{ data?: any; errors?: unknown[] }>);

    it('are valid against the schema', () => {
      expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
    });

    it('find the 2021 summit by search, and draw its participants', async () => {
      const found = await run('ExplorerSearch', { text: 'world political parties summit 2021' });
      expect(found.errors).toBeUndefined();
      const summit = found.data.search.edges.map((edge: any) => edge.node).find((node: any) => node.__typename === 'Event' && node.year === 2021);
      expect(summit?.name).toBe('CPC and World Political Parties Summit');
      const { data: neighbourhood, errors } = await run('ExplorerNeighbourhood', { id: summit.id });
      expect(errors).toBeUndefined();
      const parties = neighbourhood.node.participations.nodes.map((participation: any) => participation.party?.name);
      expect(parties).toContain('African National Congress');
      expect(neighbourhood.node.hostCountry.name).toBe('China');
    });

    it('answer for every kind of node the page draws', async () => {
      const ids = new Map<string, string>();
      ids.set('Event', (await data(`{ event(slug: "${SUMMIT_2021}") { id } }`)).event.id);
      ids.set('Party', (await data('{ party(slug: "african-national-congress") { id } }')).party.id);
      ids.set('Person', (await data('{ person(slug: "cyril-ramaphosa") { id } }')).person.id);
      ids.set('Country', (await data('{ country(code: "ZA") { id } }')).country.id);
      ids.set('Organization', (await data('{ organizations(first: 1) { nodes { id } } }')).organizations.nodes[0].id);
      for (const [type, id] of ids) {
        const { data: answer, errors } = await run('ExplorerNeighbourhood', { id });
        expect(errors, type).toBeUndefined();
        expect(answer.node.__typename).toBe(type);
      }
    });
  });
});

describe('the typed client example (examples/client)', () => {
  const client = createClient('http://yoga/graphql', (url, init) => Promise.resolve(app.fetch(url, init)));

  it('pages through every party, following endCursor until hasNextPage is false', async () => {
    const pages = [];
    for await (const page of allParties(client, 7)) pages.push(page);
    const rows = pages.flatMap((page) => page.rows);
    const { totalCount } = pages[0]!;
    expect(pages).toHaveLength(Math.ceil(totalCount / 7));
    expect(rows).toHaveLength(totalCount);
    expect(new Set(rows.map((row) => row.id)).size).toBe(totalCount);
    expect(rows).toContainEqual(expect.objectContaining({ name: 'African National Congress', abbreviation: 'ANC', country: 'South Africa' }));
  });

  it('refetches a party by its global ID, and answers null for an ID that names no party', async () => {
    const { party } = await data('{ party(slug: "african-national-congress") { id } }');
    await expect(refetchParty(client, party.id)).resolves.toMatchObject({
      id: party.id,
      name: 'African National Congress',
      participations: expect.any(Number),
    });
    const { event } = await data(`{ event(slug: "${SUMMIT_2021}") { id } }`);
    await expect(refetchParty(client, event.id)).resolves.toBeNull();
  });

  it("rejects with the API's own message", async () => {
    const failing = allParties(client, 500);
    await expect(failing.next()).rejects.toThrow(GraphQLRequestError);
    await expect(allParties(client, 500).next()).rejects.toThrow(/100/);
  });
});
