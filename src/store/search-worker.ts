/**
 * The search thread's work (started by search-thread.ts through
 * search-worker.mjs): reads the searchable collections from the fixtures
 * folder, builds the full-text index, reports `ready`, then answers one
 * message per search.
 *
 * It indexes the files as parsed, without validating them: the main thread
 * validates the same files at the same time, and start-up stops there if
 * anything is wrong, so this index only ever serves valid data. Records
 * too malformed to index are skipped rather than thrown on, so that the
 * main thread's report of what is wrong is the one the operator sees.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { COUNTRIES } from './countries.js';
import { readFixtureFiles } from './load.js';
import { SEARCH_KINDS, SearchIndex, type SearchKind, type SearchableRecords } from './search.js';

/** A search, or (`heap`) a question about the thread's memory, from the main thread. */
export type SearchRequest = { id: number; query: string; kinds?: SearchKind[] } | { id: number; heap: true };

/** The answer to a SearchRequest: hits best first, as parallel arrays (kinds by their number in SEARCH_KINDS). */
export type SearchReply =
  | { id: number; keys: string[]; kinds: Uint8Array; scores: Float64Array }
  | { id: number; heapUsed: number }
  | { id: number; error: string };

/** The first message of the search thread. */
export type SearchThreadStatus = { type: 'ready'; ms: number } | { type: 'failed'; error: string };

type Raw = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

/** The records of a parsed collection that have the given string fields. */
function* recordsWith(collection: unknown, ...fields: string[]): Iterable<Raw> {
  if (!Array.isArray(collection)) return;
  for (const record of collection) {
    if (record && typeof record === 'object' && fields.every((f) => typeof (record as Raw)[f] === 'string')) yield record as Raw;
  }
}

function searchableRecords(dir: string): SearchableRecords {
  const { raw } = readFixtureFiles(dir, ['events', 'parties', 'people', 'organizations', 'sources']);
  const named = (r: Raw) => ({ slug: r.slug as string, name: r.name as string, alternateNames: texts(r.alternateNames) });
  return {
    events: [...recordsWith(raw.events, 'slug', 'name')].map((r) => ({ ...named(r), theme: text(r.theme) })),
    parties: [...recordsWith(raw.parties, 'slug', 'name')].map((r) => ({
      ...named(r),
      abbreviation: text(r.abbreviation),
      formerNames: texts(r.formerNames),
    })),
    people: [...recordsWith(raw.people, 'slug', 'name')].map(named),
    organizations: [...recordsWith(raw.organizations, 'slug', 'name')].map((r) => ({ ...named(r), abbreviation: text(r.abbreviation) })),
    countries: COUNTRIES,
    sources: [...recordsWith(raw.sources, 'slug', 'title')].map((r) => ({
      slug: r.slug as string,
      title: r.title as string,
      publisher: text(r.publisher),
      author: text(r.author),
    })),
  };
}

const port = parentPort!;
const started = performance.now();
let index: SearchIndex | undefined;
try {
  index = new SearchIndex(searchableRecords((workerData as { dir: string }).dir));
  port.postMessage({ type: 'ready', ms: performance.now() - started } satisfies SearchThreadStatus);
} catch (error) {
  port.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error) } satisfies SearchThreadStatus);
}

const KIND_NUMBER = new Map(SEARCH_KINDS.map((kind, i) => [kind, i]));

port.on('message', (request: SearchRequest) => {
  try {
    if ('heap' in request) {
      // After a full collection when Node runs with --expose-gc (benchmarks).
      (globalThis as { gc?: () => void }).gc?.();
      port.postMessage({ id: request.id, heapUsed: getHeapStatistics().used_heap_size } satisfies SearchReply);
      return;
    }
    const hits = index!.search(request.query, request.kinds ? new Set(request.kinds) : undefined);
    const kinds = new Uint8Array(hits.length);
    const scores = new Float64Array(hits.length);
    const keys = hits.map((hit, i) => {
      kinds[i] = KIND_NUMBER.get(hit.kind)!;
      scores[i] = hit.score;
      return hit.key;
    });
    port.postMessage({ id: request.id, keys, kinds, scores } satisfies SearchReply, [kinds.buffer, scores.buffer]);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies SearchReply);
  }
});
