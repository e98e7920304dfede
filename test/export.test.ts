/**
 * The bulk export (/export, `npm run export`) and Query.dataset, through the
 * production app: every table is derived from the store, its rows are what
 * the API counts, its IDs are what the API returns, its CSV parses strictly
 * as RFC 4180, graph.json says the same, and the script writes the bytes the
 * server serves.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getNamedType, getNullableType, isListType, isObjectType } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOf, sectionOf, GRAPH_SECTIONS } from '../src/export/build.ts';
import { datasetVersion } from '../src/export/dataset.ts';
import { LIST_SEPARATOR, problems, TABLES, type Table } from '../src/export/tables.ts';
import { NODE_TYPES } from '../src/schema/ids.ts';
import { schema } from '../src/schema/index.ts';
import { createStore, DEFAULT_FIXTURES_DIR } from '../src/store/index.ts';
import { COLLECTIONS } from '../src/store/records.ts';
import { createApp } from '../src/yoga.ts';
import { app, data, store } from './helpers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-graph-export-'));
  temporary.push(dir);
  return dir;
}

/**
 * A strict RFC 4180 reader: CRLF between records, quoted fields with doubled
 * quotes, no quote inside an unquoted field, no bare CR or LF outside quotes,
 * nothing after a closing quote but a comma or CRLF, and no byte order mark.
 */
function parseCsv(text: string): string[][] {
  if (text.startsWith('\ufeff')) throw new Error('starts with a byte order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      i += 2;
      rows.push(row);
      row = [];
      if (i === text.length) return rows;
      continue;
    }
    if (i === text.length) {
      rows.push(row);
      return rows;
    }
    throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i} (a bare line break, or text after a closing quote)`);
  }
}

describe('parseCsv (the test reader itself)', () => {
  it('reads quoted commas, quotes and line breaks, and refuses what RFC 4180 does not allow', () => {
    expect(parseCsv('a,"b,c","d""e","f\ng\r\nh"\r\n,x\r\n')).toEqual([
      ['a', 'b,c', 'd"e', 'f\ng\r\nh'],
      ['', 'x'],
    ]);
    expect(() => parseCsv('a\nb\r\n')).toThrow(/bare line break/);
    expect(() => parseCsv('a"b\r\n')).toThrow(/quote inside/);
    expect(() => parseCsv('"a"b\r\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('"a\r\n')).toThrow(/unterminated/);
    expect(() => parseCsv('\ufeffa\r\n')).toThrow(/byte order mark/);
  });
});

async function get(path: string, init: RequestInit = {}, target = app): Promise<Response> {
  return target.fetch(`http://yoga${path}`, init);
}

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

interface Listing {
  version: string;
  files: {
    name: string;
    url: string;
    bytes: number;
    sha256: string;
    table?: string;
    typename?: string | null;
    rows?: number;
    columns?: { name: string; kind: string; references?: string }[];
  }[];
}

async function listing(target = app): Promise<Listing> {
  const response = await get('/export', {}, target);
  expect(response.status).toBe(200);
  return (await response.json()) as Listing;
}

type ServedTables = Map<string, { header: string[]; rows: string[][] }>;

/** Every CSV served, parsed: header and rows. */
async function servedTables(): Promise<ServedTables> {
  const tables: ServedTables = new Map();
  for (const table of TABLES) {
    const response = await get(`/export/${table.name}.csv`);
    expect(response.status, table.name).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    tables.set(table.name, { header: header!, rows });
  }
  return tables;
}

describe('the tables cover the store', () => {
  it('has a table for every fixture collection and every collection the store holds, and one for every node type', () => {
    const names = new Set(TABLES.map((t) => t.name));
    for (const collection of Object.keys(COLLECTIONS)) expect(names, `no export table for the collection ${collection}`).toContain(collection);
    const storeCollections = Object.entries(store)
      .filter(([, value]) => value instanceof Map)
      .map(([key]) => key);
    expect(storeCollections).toContain('countries');
    for (const collection of storeCollections) expect(names, `no export table for the store's ${collection}`).toContain(collection);
    const typenames = new Set(TABLES.map((t) => t.typename));
    for (const typename of NODE_TYPES)
      expect(typenames, `no export table has rows of the node type ${typename} (add it to TYPENAMES in src/export/tables.ts)`).toContain(typename);
  });

  it('resolves every reference field to a collection and needs no JSON cell', () => {
    expect(problems.unresolvedReferences, 'reference fields whose target the rules cannot tell: add them to REFERENCE_ALIASES in src/export/tables.ts').toEqual(
      [],
    );
    expect(problems.fallbackColumns, 'fields written as JSON in one cell: give them a rule in src/export/tables.ts').toEqual([]);
  });

  it('names its columns after the record fields, references as global-ID columns', () => {
    const columns = (name: string) => TABLES.find((t) => t.name === name)!.columns.map((c) => c.name);
    expect(columns('participations')).toEqual(['id', 'key', 'eventId', 'partyId', 'organizationId', 'delegateIds', 'role', 'note', 'sourceIds']);
    expect(columns('parties').slice(0, 3)).toEqual(['id', 'slug', 'name']);
    expect(columns('parties')).toContain('countryId');
    expect(columns('positions')[0]).toBe('key');
    // Every collection's rows start with their global ID and key, or their key where they have no global ID.
    for (const table of TABLES.filter((t) => !t.parent)) {
      const [first, second] = table.columns.map((c) => c.name);
      if (table.typename) expect([first, ['slug', 'key', 'code'].includes(second!)], table.name).toEqual(['id', true]);
      else expect(first, table.name).toBe('key');
    }
    expect(columns('events').slice(columns('events').indexOf('date'), columns('events').indexOf('date') + 2)).toEqual(['date', 'year']);
    expect(columns('party-inferences')).toEqual(['partyId', 'index', 'field', 'column', 'value', 'note']);
    expect(columns('event-figures').slice(0, 2)).toEqual(['eventId', 'index']);
  });
});

describe('GET /export', () => {
  it('lists every file with its size, checksum, rows and columns, and the dataset version', async () => {
    const list = await listing();
    const { dataset } = await data<{ dataset: { version: string } }>('{ dataset { version } }');
    expect(list.version).toBe(dataset.version);
    expect(list.version).toMatch(/^[0-9a-f]{16}$/);
    expect(list.files.map((f) => f.name)).toEqual([...TABLES.map((t) => `${t.name}.csv`), 'graph.json']);
    for (const file of list.files) {
      const response = await get(file.url);
      expect(response.status, file.url).toBe(200);
      expect(response.headers.get('dataset-version')).toBe(list.version);
      const body = await bytesOf(response);
      expect(body.byteLength, file.name).toBe(file.bytes);
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(body).digest('hex'), file.name).toBe(file.sha256);
    }
    const csvFiles = list.files.filter((f) => f.table);
    for (const file of csvFiles) {
      const table = TABLES.find((t) => t.name === file.table)!;
      expect(file.columns!.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
    }
  });

  it('answers /export, /export/ and /export/index.json with the same listing', async () => {
    const a = await bytesOf(await get('/export'));
    expect(await bytesOf(await get('/export/'))).toEqual(a);
    expect(await bytesOf(await get('/export/index.json'))).toEqual(a);
  });

  it('labels each file: type, download name, ETag, public caching, CORS', async () => {
    const csv = await get('/export/events.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="events.csv"');
    expect(csv.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(csv.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(csv.headers.get('access-control-allow-origin')).toBe('*');
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff');
    const graph = await get('/export/graph.json');
    expect(graph.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(graph.headers.get('content-disposition')).toBe('attachment; filename="graph.json"');
    const list = await get('/export');
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(list.headers.get('content-disposition')).toBe('inline; filename="index.json"');
    expect(csv.headers.get('etag')).not.toBe(graph.headers.get('etag'));
  });

  it('answers a matching If-None-Match with 304 and no body, HEAD with the headers and no body', async () => {
    const first = await get('/export/people.csv');
    const etag = first.headers.get('etag')!;
    const again = await get('/export/people.csv', { headers: { 'if-none-match': `W/"x", ${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    const other = await get('/export/people.csv', { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
    const head = await get('/export/people.csv', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('content-type')).toBe(first.headers.get('content-type'));
  });

  it('refuses other methods with 405 and Allow, and names the files when one is unknown', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await get('/export/events.csv', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(await response.text()).toMatch(new RegExp(`^${method} is not allowed on /export/events.csv; use GET or HEAD`));
    }
    const missing = await get('/export/nothing.csv');
    expect(missing.status).toBe(404);
    const message = await missing.text();
    expect(message).toMatch(/^No export file named "nothing.csv"\. Available: /);
    expect(message).toContain('/export/events.csv');
    expect(message).toContain('/export/graph.json');
    const long = await get(`/export/${'x'.repeat(5000)}`);
    expect(long.status).toBe(404);
    // The requested name is cut to 100 characters: the message is the list of files, not the 5,000 characters sent.
    expect((await long.text()).length).toBeLessThan(2000);
    // Only /export and what is under it: /exports is not the export's.
    expect((await get('/exports')).headers.get('dataset-version')).toBeNull();
  });
});

/**
 * How the API counts the tables it cannot count generically: a collection
 * with no top-level connection of its name, and a child table whose parent
 * rows have no global ID (positions).
 */
const API_COUNTS: Record<string, () => Promise<number>> = {
  participations: () => sumOverEvents((e) => e.participations.totalCount),
  speeches: () => sumOverEvents((e) => e.speeches.totalCount),
  // figures.json: each figure is attached to a speech, statement, country or topic (or several): count distinct ones.
  figures: async () => {
    type Figures = { reportedFigures: { metric: string; value: number; text: string; source: { id: string } }[] }[];
    const fields = 'reportedFigures { metric value text source { id } }';
    const seen = new Set<string>();
    const add = (holders: Figures) => {
      for (const f of holders.flatMap((h) => h.reportedFigures)) seen.add(JSON.stringify([f.metric, f.value, f.text, f.source.id]));
    };
    // One query each: together they would be over the cost limit.
    const { topics } = await data<{ topics: { totalCount: number; nodes: Figures } }>(`{ topics(first: 100) { totalCount nodes { ${fields} } } }`);
    const { statements } = await data<{ statements: { totalCount: number; nodes: Figures } }>(`{ statements(first: 100) { totalCount nodes { ${fields} } } }`);
    const { events } = await data<{ events: { totalCount: number; nodes: { speeches: { totalCount: number; nodes: Figures } }[] } }>(
      `{ events(first: 30) { totalCount nodes { speeches(first: 20) { totalCount nodes { ${fields} } } } } }`,
    );
    // Every holder was seen: no page was cut short.
    expect(topics.nodes).toHaveLength(topics.totalCount);
    expect(statements.nodes).toHaveLength(statements.totalCount);
    expect(events.nodes).toHaveLength(events.totalCount);
    for (const event of events.nodes) expect(event.speeches.nodes).toHaveLength(event.speeches.totalCount);
    add(topics.nodes);
    add(statements.nodes);
    for (const event of events.nodes) add(event.speeches.nodes);
    let after: string | null = null;
    for (;;) {
      const { countries }: { countries: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Figures } } = await data(
        `query ($after: String) { countries(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`,
        { after },
      );
      add(countries.nodes);
      if (!countries.pageInfo.hasNextPage) return seen.size;
      after = countries.pageInfo.endCursor;
    }
  },
  positions: () => sumOverPeople((p) => p.positions.length),
  'position-inferences': () => sumOverPeople((p) => p.positions.reduce((n, position) => n + position.inferences.length, 0)),
};

/** Each event's participations and speeches, counted once for the file. */
interface EventCounts {
  participations: { totalCount: number };
  speeches: { totalCount: number };
}
let eventCounts: EventCounts[] | undefined;
async function sumOverEvents(count: (e: EventCounts) => number): Promise<number> {
  if (!eventCounts) {
    eventCounts = [];
    let after: string | null = null;
    for (;;) {
      const { events }: { events: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: EventCounts[] } } = await data(
        `query ($after: String) { events(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes {
          participations(first: 0) { totalCount } speeches(first: 0) { totalCount } } } }`,
        { after },
      );
      eventCounts.push(...events.nodes);
      if (!events.pageInfo.hasNextPage) break;
      after = events.pageInfo.endCursor;
    }
  }
  return eventCounts.reduce((n, e) => n + count(e), 0);
}

/** Each person's positions (with their inferences), read once for the file. */
interface PersonPositions {
  positions: { inferences: unknown[] }[];
}
let peoplePositions: PersonPositions[] | undefined;
async function sumOverPeople(count: (p: PersonPositions) => number): Promise<number> {
  if (!peoplePositions) {
    peoplePositions = [];
    let after: string | null = null;
    for (;;) {
      const { people }: { people: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: PersonPositions[] } } = await data(
        'query ($after: String) { people(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { positions { inferences { field } } } } }',
        { after },
      );
      peoplePositions.push(...people.nodes);
      if (!people.pageInfo.hasNextPage) break;
      after = people.pageInfo.endCursor;
    }
  }
  return peoplePositions.reduce((n, p) => n + count(p), 0);
}

/**
 * The API's name of the list field a child table comes from, where it is
 * not the record field's name (`event-figures` is Event.reportedFigures).
 */
const API_LIST_FIELDS: Record<string, string> = {
  figures: 'reportedFigures',
  languages: 'interpretationLanguages',
};

/** IDs per `nodes(ids:)` request: the most it takes (100); each costs a few points, far under the limit of 50,000. */
const NODES_CHUNK = 100;

/**
 * The API's count of a child table `<record>-<list>` whose parent rows are
 * nodes: the length of the matching list field of each parent row, read
 * through `nodes(ids:)` with the IDs of the parent's CSV.
 */
async function childCount(table: Table, parent: Table, tables: ServedTables): Promise<number> {
  const field = API_LIST_FIELDS[table.parent!.field] ?? table.parent!.field;
  const type = schema.getType(parent.typename!);
  const apiField = isObjectType(type) ? type.getFields()[field] : undefined;
  if (!apiField || !isListType(getNullableType(apiField.type))) {
    throw new Error(
      `the API's count of ${table.name} is unknown: ${parent.typename} has no list field "${field}"; add "${table.parent!.field}": "<${parent.typename}'s field>" to API_LIST_FIELDS in test/export.test.ts`,
    );
  }
  const selection = isObjectType(getNamedType(apiField.type)) ? ' { __typename }' : '';
  const { header, rows } = tables.get(parent.name)!;
  const ids = rows.map((row) => row[header.indexOf('id')]!);
  let total = 0;
  for (let i = 0; i < ids.length; i += NODES_CHUNK) {
    const chunk = ids.slice(i, i + NODES_CHUNK);
    const { nodes } = await data<{ nodes: ({ items: unknown[] } | null)[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on ${parent.typename} { items: ${field}${selection} } } }`,
      { ids: chunk },
    );
    nodes.forEach((node, j) => {
      expect(node?.items, `${table.name}: ${parent.typename} ${chunk[j]}`).toBeInstanceOf(Array);
      total += node!.items.length;
    });
  }
  return total;
}

/**
 * The API's count of a table: its Query connection's totalCount; for a child
 * table of a node type, the lengths of the parent rows' list field; else
 * API_COUNTS.
 */
async function apiCount(table: Table, tables: ServedTables): Promise<number> {
  const field = schema.getQueryType()!.getFields()[table.name];
  const type = field && getNamedType(field.type);
  if (type && isObjectType(type) && type.getFields().totalCount) {
    const result = await data<Record<string, { totalCount: number }>>(`{ ${table.name}(first: 0) { totalCount } }`);
    return result[table.name]!.totalCount;
  }
  const parent = table.parent && TABLES.find((t) => t.name === table.parent!.table);
  if (parent?.typename) return childCount(table, parent, tables);
  const count = API_COUNTS[table.name];
  if (!count) throw new Error(`the API's count of ${table.name} is unknown: add it to API_COUNTS in test/export.test.ts`);
  return count();
}

describe('the CSV files', () => {
  it('have as many rows as the API counts, as the listing says and as Query.dataset reports', async () => {
    const tables = await servedTables();
    const list = await listing();
    const { dataset } = await data<{ dataset: { recordCounts: { collection: string; count: number; file: string; typename: string | null }[] } }>(
      '{ dataset { recordCounts { collection count file typename } } }',
    );
    expect(dataset.recordCounts.map((c) => c.collection)).toEqual(TABLES.map((t) => t.name));
    for (const table of TABLES) {
      const { header, rows } = tables.get(table.name)!;
      expect(header).toEqual(table.columns.map((c) => c.name));
      for (const row of rows) expect(row, `${table.name}: a row with the wrong number of cells`).toHaveLength(header.length);
      expect(rows.length, `${table.name}: rows vs the API's count`).toBe(await apiCount(table, tables));
      expect(list.files.find((f) => f.table === table.name)!.rows).toBe(rows.length);
      const reported = dataset.recordCounts.find((c) => c.collection === table.name)!;
      expect(reported).toEqual({ collection: table.name, count: rows.length, file: `/export/${table.name}.csv`, typename: table.typename ?? null });
    }
    expect(tables.get('events')!.rows.length).toBe(23);
    expect(tables.get('countries')!.rows.length).toBe(249);
  });

  it('hold global IDs that node(id:) resolves to the right type, for rows and for references', async () => {
    const tables = await servedTables();
    const expected = new Map<string, string>();
    for (const table of TABLES) {
      const { header, rows } = tables.get(table.name)!;
      table.columns.forEach((column, c) => {
        expect(header[c]).toBe(column.name);
        const typename = column.name === 'id' ? table.typename : column.target ? TABLES.find((t) => t.name === column.target)?.typename : undefined;
        if (!typename) return;
        for (const row of rows) for (const id of row[c] === '' ? [] : row[c]!.split(LIST_SEPARATOR)) expected.set(id, typename);
      });
    }
    expect(expected.size).toBeGreaterThan(400);
    const ids = [...expected.keys()];
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const { nodes } = await data<{ nodes: ({ __typename: string; id: string } | null)[] }>('query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
        ids: batch,
      });
      nodes.forEach((node, j) => expect(node, batch[j]).toEqual({ __typename: expected.get(batch[j]!), id: batch[j] }));
    }
  });

  it('match the API field by field for a known row', async () => {
    const tables = await servedTables();
    const { header, rows } = tables.get('participations')!;
    const { event } = await data(`{ event(slug: "cpc-and-world-political-parties-summit-2021") {
      id participations(first: 1, filter: { country: "ZA" }) { nodes { id role party { id name } delegates { id name } sources { id } } } } }`);
    const api = event.participations.nodes[0];
    const row = Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === api.id)![i]]));
    expect(api.party.name).toBe('African National Congress');
    expect(row).toMatchObject({
      id: api.id,
      eventId: event.id,
      partyId: api.party.id,
      role: api.role,
      delegateIds: api.delegates.map((d: { id: string }) => d.id).join(LIST_SEPARATOR),
      sourceIds: api.sources.map((s: { id: string }) => s.id).join(LIST_SEPARATOR),
    });
  });

  it("say where each inferred value is: the column(s) of the parent's CSV that hold its field", async () => {
    const tables = await servedTables();
    const inferenceTables = TABLES.filter((t) => t.parent?.field === 'inferences');
    expect(inferenceTables.map((t) => t.parent!.table).sort()).toEqual(
      TABLES.filter((t) => !t.parent && t.name !== 'countries' && t.name !== 'figures')
        .map((t) => t.name)
        .sort(),
    );
    let seen = 0;
    for (const table of inferenceTables) {
      const { header, rows } = tables.get(table.name)!;
      const parentHeader = tables.get(table.parent!.table)!.header;
      for (const row of rows) {
        const column = row[header.indexOf('column')]!;
        expect(column, `${table.name}: ${row[header.indexOf('field')]} is in no column`).not.toBe('');
        for (const name of column.split(LIST_SEPARATOR)) expect([...parentHeader, ...TABLES.map((t) => t.name)], table.name).toContain(name);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
    const absence = tables.get('absence-inferences')!;
    expect(absence.rows.map((r) => r[absence.header.indexOf('column')])).toContain('partyIds');
  });

  it("give each event's date as the API does, as precise as the sources", async () => {
    const { header, rows } = (await servedTables()).get('events')!;
    const { events } = await data<{ events: { nodes: { id: string; date: { value: string } }[] } }>('{ events(first: 100) { nodes { id date { value } } } }');
    const byId = new Map(rows.map((r) => [r[0], r[header.indexOf('date')]]));
    expect(events.nodes.map((e) => byId.get(e.id))).toEqual(events.nodes.map((e) => e.date.value));
    expect(events.nodes.some((e) => e.date.value.length < 10)).toBe(true);
  });

  it('quote commas, quotes and line breaks so that every value reads back exactly, in UTF-8 without a BOM', async () => {
    // Real data: values with a comma and with a quote, and non-ASCII text, read back as the records hold them.
    const served = await get('/export/events.csv');
    const bytes = await bytesOf(served);
    expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const summary = header!.indexOf('summary');
    const events = [...store.events.values()];
    expect(rows.map((r) => r[summary])).toEqual(events.map((e) => e.summary ?? ''));
    expect(events.some((e) => e.summary?.includes(','))).toBe(true);
    const quotes = parseCsv(await (await get('/export/speech-quotes.csv')).text());
    expect(quotes.slice(1).some((r) => r.some((cell) => cell.includes(',')))).toBe(true);
    const countries = parseCsv(await (await get('/export/countries.csv')).text());
    expect(countries.find((r) => r[1] === 'CIV')![3]).toBe('Ivory Coast');
    expect(countries.find((r) => r[1] === 'ALA')![3]).toBe('Åland Islands');
  });
});

describe('graph.json', () => {
  it('holds every table, Popolo-style where the shapes fit, with the same values as the CSV files', async () => {
    const response = await get('/export/graph.json');
    const graph = (await response.json()) as Record<string, Record<string, unknown>[]> & { dataset: { version: string; counts: Record<string, number> } };
    const list = await listing();
    expect(graph.dataset.version).toBe(list.version);
    const tables = await servedTables();
    // Each section holds its tables' rows in table order (parties then organizations in `organizations`).
    const offsets = new Map<string, number>();
    for (const table of TABLES) {
      const section = sectionOf(table.name);
      const objects = graph[section]!;
      expect(objects, section).toBeDefined();
      const { header, rows } = tables.get(table.name)!;
      const start = offsets.get(section) ?? 0;
      offsets.set(section, start + rows.length);
      expect(graph.dataset.counts[table.name]).toBe(rows.length);
      rows.forEach((row, r) => {
        const object = objects[start + r]!;
        header.forEach((name, c) => {
          const value = object[name];
          const asCell = value === null ? '' : Array.isArray(value) ? value.join(LIST_SEPARATOR) : String(value);
          expect(asCell, `${table.name} row ${r} ${name}`).toBe(row[c]);
        });
      });
    }
    for (const [section, length] of offsets) expect(graph[section], section).toHaveLength(length);
    expect(Object.keys(graph).sort()).toEqual(['dataset', ...new Set(TABLES.map((t) => sectionOf(t.name)))].sort());
    expect(Object.keys(GRAPH_SECTIONS).every((t) => TABLES.some((table) => table.name === t))).toBe(true);

    // Popolo: persons, organizations (parties and others), memberships, events, areas.
    const ramaphosa = graph.persons!.find((p) => p.slug === 'cyril-ramaphosa')!;
    expect(ramaphosa).toMatchObject({ name: 'Cyril Ramaphosa', other_names: expect.any(Array) });
    const anc = graph.organizations!.find((o) => o.slug === 'african-national-congress')!;
    expect(anc).toMatchObject({ classification: 'party', area_id: anc.countryId });
    const membership = graph.memberships!.find((m) => m.person_id === ramaphosa.id && m.organization_id === anc.id);
    expect(membership, "Ramaphosa's office in the ANC").toMatchObject({ role: expect.any(String) });
    const summit = graph.events!.find((e) => e.slug === 'cpc-and-world-political-parties-summit-2021')!;
    expect(summit).toMatchObject({ start_date: '2021-07-06', classification: 'summit' });
    // Popolo dates may be partial: an event known only by its year or month has a start_date all the same.
    for (const event of graph.events!) expect(event.start_date, String(event.slug)).toBe(event.date);
    expect(graph.events!.some((e) => (e.start_date as string).length === 4)).toBe(true);
    expect(graph.areas!.find((a) => a.code === 'ZAF')).toMatchObject({ classification: 'country', name: 'South Africa' });
  });
});

describe('npm run export', () => {
  it('writes the files the server serves, byte for byte', async () => {
    const dir = tempDir();
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/export.ts'), dir], { encoding: 'utf8', env: { ...process.env, FIXTURES_DIR: '' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const list = await listing();
    expect(run.stdout).toContain(`dataset version ${list.version}`);
    expect(readdirSync(dir).sort()).toEqual(['index.json', ...list.files.map((f) => f.name)].sort());
    for (const name of readdirSync(dir)) {
      const served = await bytesOf(await get(`/export/${name}`));
      expect(new Uint8Array(readFileSync(join(dir, name))), name).toEqual(served);
    }
  });

  it('refuses to run without a folder', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/export.ts')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^usage: npm run export -- DIR/);
  });
});

describe('Query.dataset', () => {
  it('gives the version, the record counts and the sources', async () => {
    const { dataset } = await data(`{ dataset { version exportPath sources { id slug title } recordCounts { collection count } } }`);
    expect(dataset.version).toBe(datasetVersion(store));
    expect(dataset.exportPath).toBe('/export');
    const { sources } = await data('{ sources(first: 100) { nodes { id } } }');
    expect(dataset.sources.map((s: { id: string }) => s.id)).toEqual(sources.nodes.map((s: { id: string }) => s.id));
    expect(dataset.sources).toHaveLength(store.sources.size);
    expect(dataset.recordCounts.find((c: { collection: string }) => c.collection === 'people').count).toBe(store.people.size);
  });

  it('keeps its version when the data is the same, and changes it when a fixture changes; the export follows', async () => {
    const dir = tempDir();
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    // The same records, reformatted: the same version.
    const partiesFile = join(dir, 'parties.json');
    const parties = JSON.parse(readFileSync(partiesFile, 'utf8')) as { name: string; abbreviation?: string; alternateNames?: string[] }[];
    writeFileSync(partiesFile, JSON.stringify(parties));
    const same = createStore(dir);
    expect(datasetVersion(same)).toBe(datasetVersion(store));
    expect(datasetVersion(createStore(DEFAULT_FIXTURES_DIR))).toBe(datasetVersion(store));

    // Values a CSV must quote, each for one reason only, in separate cells: a new version, and each reads back exactly.
    const tricky = { name: 'Line\nfeed only', abbreviation: 'Quote " only', alternateNames: ['Comma, only', 'CR\ronly', 'CRLF\r\nonly', 'ünïcödé 党'] };
    Object.assign(parties[0]!, tricky);
    writeFileSync(partiesFile, JSON.stringify(parties, null, 2));
    const changed = createStore(dir);
    expect(datasetVersion(changed)).not.toBe(datasetVersion(store));
    const other = createApp({ store: changed });
    const result = (await (
      await other.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ dataset { version } }' }),
      })
    ).json()) as { data: { dataset: { version: string } } };
    expect(result.data.dataset.version).toBe(datasetVersion(changed));
    const list = await listing(other);
    expect(list.version).toBe(datasetVersion(changed));
    const response = await get('/export/parties.csv', {}, other);
    expect(response.headers.get('dataset-version')).toBe(list.version);
    const [header, ...rows] = parseCsv(await response.text());
    expect(rows[0]![header!.indexOf('name')]).toBe(tricky.name);
    expect(rows[0]![header!.indexOf('abbreviation')]).toBe(tricky.abbreviation);
    expect(rows[0]![header!.indexOf('alternateNames')]).toBe(tricky.alternateNames.join(LIST_SEPARATOR));
    expect(rows).toHaveLength(parties.length);
    expect(exportOf(changed).files.get('parties.csv')!.sha256).not.toBe(exportOf(store).files.get('parties.csv')!.sha256);
  });

  it('refuses to build an export whose list items hold the separator, naming the column', async () => {
    const dir = tempDir();
    cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    const file = join(dir, 'people.json');
    const people = JSON.parse(readFileSync(file, 'utf8')) as { alternateNames?: string[] }[];
    people[0]!.alternateNames = ['A | B'];
    writeFileSync(file, JSON.stringify(people));
    const bad = createStore(dir);
    expect(() => exportOf(bad)).toThrow(/people\.alternateNames has an item containing the list separator "\|": "A \| B"/);
    // The server says so plainly, as its own problem (500), with no stack trace.
    const response = await createApp({ store: bad }).fetch('http://yoga/export/people.csv');
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(
      /^The export cannot be built from this server's data: export: people\.alternateNames has an item containing the list separator "\|": "A \| B"\n$/,
    );
  });
});
