/**
 * Relay against the real server: relay-compiler compiles the documents in
 * test/clients/relay/ (fragments with @connection, @refetchable and
 * @argumentDefinitions, spread with @arguments) against schema.graphql into
 * a temporary directory, and relay-runtime (no React) runs the generated
 * operations: the screen's query, the pagination queries Relay generated
 * (one on Query, one through node(id:)) walked to the end as
 * usePaginationFragment's loadNext would, and the refetch query of a
 * refetchable fragment. Nothing generated is committed. To look at the
 * artifacts: `cd test/clients/relay && mkdir -p __generated__ && npx
 * relay-compiler relay.config.json` (__generated__/ is gitignored).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, print, visit } from 'graphql';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getPaginationMetadata,
  getPaginationVariables,
  getRefetchMetadata,
  getSelector,
  type ConcreteRequest,
  type ReaderFragment,
  type SingularReaderSelector,
  type Variables,
} from 'relay-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainQuery, useLoopbackServer } from './loopback-server.ts';

const server = useLoopbackServer();

const relayDir = fileURLToPath(new URL('relay/', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
/** The platform binary of relay-compiler (its package's main export is the path). */
const relayCompiler = createRequire(import.meta.url)('relay-compiler') as string | null;

const PAGE = 7;
const SUMMIT = 'cpc-and-world-political-parties-summit-2021';

/**
 * Compiles test/clients/relay/ with its relay.config.json, against `schema`,
 * into a new temporary directory. Resolves with the exit code, the output
 * and the directory of the artifacts.
 */
async function compile(schema: string): Promise<{ code: number; output: string; dir: string; artifacts: string }> {
  if (!relayCompiler) throw new Error(`relay-compiler has no binary for ${process.platform} ${process.arch}`);
  const dir = await mkdtemp(join(tmpdir(), 'summit-relay-'));
  const artifacts = join(dir, '__generated__');
  await mkdir(artifacts);
  const committed = JSON.parse(await readFile(join(relayDir, 'relay.config.json'), 'utf8')) as Record<string, unknown>;
  const config = { ...committed, src: relayDir, schema, artifactDirectory: artifacts };
  await writeFile(join(dir, 'relay.config.json'), JSON.stringify(config));
  return new Promise((resolve) => {
    execFile(relayCompiler, ['--output', 'quiet-with-errors', join(dir, 'relay.config.json')], { cwd: dir }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.replace(/\u001b\[[0-9;]*m/g, ''), dir, artifacts });
    });
  });
}

/** A generated artifact (ConcreteRequest or ReaderFragment). */
async function artifact<T>(artifacts: string, name: string): Promise<T> {
  const module = (await import(/* @vite-ignore */ join(artifacts, `${name}.graphql.ts`))) as { default: T };
  return module.default;
}

interface Sent {
  name: string;
  text: string;
  variables: Variables;
}

/** A Relay environment whose network posts to the loopback server and records what it sent. */
function environment(endpoint: string) {
  const sent: Sent[] = [];
  const network = Network.create(async (params, variables) => {
    sent.push({ name: params.name, text: params.text ?? '', variables });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    const body = await response.json();
    if (response.status !== 200 || body.errors) throw new Error(`${params.name} failed (${response.status}): ${JSON.stringify(body.errors)}`);
    return body;
  });
  return { env: new Environment({ network, store: new Store(new RecordSource()) }), sent };
}

type Env = ReturnType<typeof environment>['env'];

/** Reads a fragment from the store, as useFragment would, from a fragment reference in other data. */
function readFragment(env: Env, fragment: ReaderFragment, ref: unknown): any {
  const selector = getSelector(fragment, ref as any) as SingularReaderSelector;
  expect(selector, 'a fragment reference').not.toBeNull();
  const snapshot = env.lookup(selector);
  expect(snapshot.isMissingData, `${fragment.name} has missing data`).toBe(false);
  return snapshot.data;
}

/** Runs `request` with `variables`, keeps its data in the store, and returns the data as the query reads it. */
async function run(env: Env, request: ConcreteRequest, variables: Variables): Promise<any> {
  const operation = createOperationDescriptor(request, variables);
  env.retain(operation);
  await fetchQuery(env, request, variables).toPromise();
  const snapshot = env.lookup(operation.fragment);
  expect(snapshot.isMissingData).toBe(false);
  return snapshot.data;
}

/**
 * What usePaginationFragment's loadNext does: the fragment's pagination
 * query with the connection's endCursor (and the parent's id, for a
 * fragment on a Node type), whose answer Relay's ConnectionHandler appends
 * to the connection record in the store.
 */
async function loadNext(env: Env, fragment: ReaderFragment, ref: unknown, count: number) {
  const { paginationRequest, paginationMetadata, identifierField, connectionPathInFragmentData } = getPaginationMetadata(fragment, 'test');
  const selector = getSelector(fragment, ref as any) as SingularReaderSelector;
  const data = env.lookup(selector).data as any;
  const connection = connectionPathInFragmentData.reduce((value: any, key) => value[key], data);
  const extra = identifierField ? { id: data[identifierField] } : {};
  const variables = getPaginationVariables('forward', count, connection.pageInfo.endCursor, selector.variables, extra, paginationMetadata);
  await fetchQuery(env, paginationRequest, variables).toPromise();
}

let compiled: Awaited<ReturnType<typeof compile>>;
beforeAll(async () => {
  compiled = await compile(schemaPath);
});
afterAll(async () => {
  if (compiled) await rm(compiled.dir, { recursive: true, force: true });
});

describe('relay-compiler', () => {
  it('compiles the fragments with @connection, @refetchable and @argumentDefinitions against schema.graphql', async () => {
    expect(compiled.code, compiled.output).toBe(0);
    // The refetch and pagination queries Relay generates: through node(id:) for fragments on a Node type.
    const partyRefetch = await artifact<ConcreteRequest>(compiled.artifacts, 'PartyCardRefetchQuery');
    expect(partyRefetch.params.text).toMatch(/node\(id: \$id\)/);
    const eventPages = await artifact<ConcreteRequest>(compiled.artifacts, 'EventParticipationsPaginationQuery');
    expect(eventPages.params.text).toMatch(/node\(id: \$id\)/);
    expect(eventPages.params.text).toMatch(/participations\(first: \$count, after: \$cursor\)/);
    const partyPages = await artifact<ConcreteRequest>(compiled.artifacts, 'PartyListPaginationQuery');
    expect(partyPages.params.text).toMatch(/parties\(first: \$count, after: \$cursor\)/);
  });

  it('fails, naming what is missing, when the schema lacks what a fragment uses (Query.node for @refetchable)', async () => {
    const sdl = await readFile(schemaPath, 'utf8');
    let removed = 0;
    const withoutNode = print(
      visit(parse(sdl), {
        FieldDefinition(field, _key, _parent, _path, ancestors) {
          const owner = ancestors[ancestors.length - 1] as { kind?: string; name?: { value: string } };
          if (owner.kind === Kind.OBJECT_TYPE_DEFINITION && owner.name?.value === 'Query' && field.name.value === 'node') {
            removed++;
            return null;
          }
          return undefined;
        },
      }),
    );
    expect(removed).toBe(1);
    const dir = await mkdtemp(join(tmpdir(), 'summit-relay-schema-'));
    try {
      await writeFile(join(dir, 'schema.graphql'), withoutNode);
      const failed = await compile(join(dir, 'schema.graphql'));
      await rm(failed.dir, { recursive: true, force: true });
      expect(failed.code).not.toBe(0);
      expect(failed.output).toMatch(/Invalid use of @refetchable on fragment 'PartyCard_party'.*`node\(id: ID\): Node` field on the query type/);
      expect(failed.output).toMatch(/Invalid use of @refetchable on fragment 'EventParticipations_event'/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('relay-runtime: the generated operations against the server', () => {
  let SummitQuery: ConcreteRequest;
  let PartyList: ReaderFragment;
  let PartyCard: ReaderFragment;
  let EventParticipations: ReaderFragment;
  beforeAll(async () => {
    expect(compiled.code, compiled.output).toBe(0);
    SummitQuery = await artifact(compiled.artifacts, 'SummitQuery');
    PartyList = await artifact(compiled.artifacts, 'PartyList_query');
    PartyCard = await artifact(compiled.artifacts, 'PartyCard_party');
    EventParticipations = await artifact(compiled.artifacts, 'EventParticipations_event');
  });

  it('the main query answers every fragment, with the @arguments given at each spread', async () => {
    const { env } = environment(server.endpoint());
    const data = await run(env, SummitQuery, { slug: SUMMIT, pageSize: PAGE });

    const event = readFragment(env, EventParticipations, data.event);
    expect(event.name).toBe('CPC and World Political Parties Summit');
    expect(event.participations.edges).toHaveLength(PAGE);
    expect(event.participations.totalCount).toBe(51);

    const parties = readFragment(env, PartyList, data);
    expect(parties.parties.edges).toHaveLength(PAGE);

    const anc = readFragment(env, PartyCard, data.party);
    expect(anc).toMatchObject({ name: 'African National Congress', abbreviation: 'ANC' });
    expect(anc.participations.totalCount).toBe(2);
    expect(anc.participations.nodes).toHaveLength(1); // @arguments(participationCount: 1)

    // A party card inside the event's participations, with the fragment's default argument (0).
    const card = readFragment(env, PartyCard, event.participations.edges.find((edge: any) => edge.node.party)!.node.party);
    expect(card.participations.totalCount).toBeGreaterThan(0);
    expect(card.participations.nodes).toHaveLength(0);
  });

  it('the pagination query on Query walks every party with `after`, appended to one connection record', async () => {
    const all = await plainQuery(server.endpoint(), '{ parties(first: 100) { totalCount edges { cursor node { id } } } }');
    const { env, sent } = environment(server.endpoint());
    const data = await run(env, SummitQuery, { slug: SUMMIT, pageSize: PAGE });

    let parties = readFragment(env, PartyList, data).parties;
    let pages = 1;
    while (parties.pageInfo.hasNextPage) {
      const endCursor = parties.pageInfo.endCursor;
      await loadNext(env, PartyList, data, PAGE);
      pages++;
      expect(sent.at(-1)).toMatchObject({ name: 'PartyListPaginationQuery', variables: { count: PAGE, cursor: endCursor } });
      parties = readFragment(env, PartyList, data).parties;
      expect(parties.edges).toHaveLength(Math.min(pages * PAGE, all.parties.totalCount));
      expect(pages, 'more pages than totalCount allows').toBeLessThanOrEqual(Math.ceil(all.parties.totalCount / PAGE));
    }
    const ids = parties.edges.map((edge: any) => edge.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.parties.edges.map((edge: any) => edge.node.id));
    expect(parties.totalCount).toBe(all.parties.totalCount);

    // The store: one client connection record on the root, every edge in it, the last page's pageInfo.
    const source = env.getStore().getSource();
    const connection = source.get('client:root:__PartyList_parties_connection') as any;
    expect(connection.edges.__refs).toHaveLength(all.parties.totalCount);
    const pageInfo = source.get(connection.pageInfo.__ref) as any;
    expect(pageInfo).toMatchObject({ hasNextPage: false, endCursor: all.parties.edges.at(-1).cursor });
    const firstEdge = source.get(connection.edges.__refs[0]) as any;
    expect(firstEdge.node.__ref).toBe(ids[0]);
  });

  it("the pagination query through node(id:) walks an event's participations to the end", async () => {
    const all = await plainQuery(
      server.endpoint(),
      'query ($slug: String!) { event(slug: $slug) { id participations(first: 100) { totalCount nodes { id } } } }',
      { slug: SUMMIT },
    );
    const eventId = all.event.id as string;
    const { env, sent } = environment(server.endpoint());
    const data = await run(env, SummitQuery, { slug: SUMMIT, pageSize: PAGE });

    let event = readFragment(env, EventParticipations, data.event);
    while (event.participations.pageInfo.hasNextPage) {
      await loadNext(env, EventParticipations, data.event, PAGE);
      expect(sent.at(-1)).toMatchObject({ name: 'EventParticipationsPaginationQuery', variables: { id: eventId, count: PAGE } });
      event = readFragment(env, EventParticipations, data.event);
    }
    const ids = event.participations.edges.map((edge: any) => edge.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.event.participations.nodes.map((node: any) => node.id));
    expect(sent.filter((request) => request.name === 'EventParticipationsPaginationQuery')).toHaveLength(Math.ceil(ids.length / PAGE) - 1);

    const connection = env.getStore().getSource().get(`client:${eventId}:__EventParticipations_participations_connection`) as any;
    expect(connection.edges.__refs).toHaveLength(all.event.participations.totalCount);
  });

  it('the refetch query of a @refetchable fragment refetches the party by id with new arguments, into the same record', async () => {
    const { env, sent } = environment(server.endpoint());
    const data = await run(env, SummitQuery, { slug: SUMMIT, pageSize: PAGE });
    const before = readFragment(env, PartyCard, data.party);
    expect(before.participations.nodes).toHaveLength(1);

    const { refetchableRequest, identifierInfo } = getRefetchMetadata(PartyCard, 'test');
    expect(identifierInfo?.identifierQueryVariableName).toBe('id');
    const refetched = await run(env, refetchableRequest, { id: before.id, participationCount: 5 });
    expect(sent.at(-1)!.name).toBe('PartyCardRefetchQuery');
    expect(sent.at(-1)!.text).toMatch(/node\(id: \$id\)/);

    const after = readFragment(env, PartyCard, refetched.node);
    expect(after).toMatchObject({ id: before.id, name: 'African National Congress', abbreviation: 'ANC' });
    // participationCount: 5 reaches both of the ANC's participations, where the main query asked for 1.
    expect(after.participations.nodes).toHaveLength(2);
    expect(after.participations.nodes[0]).toEqual(before.participations.nodes[0]);

    // One record for the party, keyed by its global id, reached from both queries.
    const record = env.getStore().getSource().get(before.id) as any;
    expect(record).toMatchObject({ __id: before.id, __typename: 'Party', name: 'African National Congress' });
    expect(refetched.node.__id).toBe(before.id);
  });
});
