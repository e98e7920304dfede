/** Query.search: full-text search over the graph's nodes. */
import { builder } from '../../builder.ts';
import { MAX_QUERY_LENGTH, type SearchKind } from '../../store/search.ts';
import { Edge, PageInfo } from '../connections.ts';
import { pageOf, pageSizeForCost } from '../paging.ts';
import { badInput } from '../errors.ts';
import type { NodeTypeName } from '../ids.ts';
import { CountryRef } from './country.ts';
import { EventRef } from './event.ts';
import { loadTyped } from './node.ts';
import { OrganizationRef } from './organization.ts';
import { PartyRef } from './party.ts';
import { PersonRef } from './person.ts';
import { SourceRef } from './source.ts';
import { StatementRef } from './statement.ts';
import { TopicRef } from './topic.ts';

/** A search hit as an edge: its record, its score, and its cursor, encoded only when selected (as every connection's). */
class SearchHit<T> extends Edge<T> {
  readonly score: number;
  constructor(offset: number, node: T, score: number) {
    super(offset, node);
    this.score = score;
  }
}

const TYPES = {
  EVENT: { kind: 'event', typename: 'Event', what: "Events, by name, theme, venue, city, summary and the sources' words about them." },
  PARTY: { kind: 'party', typename: 'Party', what: 'Parties, by name, former name and abbreviation.' },
  PERSON: { kind: 'person', typename: 'Person', what: 'People, by name and alternate spellings.' },
  ORGANIZATION: { kind: 'organization', typename: 'Organization', what: 'Organizations, by name and abbreviation.' },
  COUNTRY: { kind: 'country', typename: 'Country', what: 'Countries, by name, official name and ISO codes.' },
  SOURCE: { kind: 'source', typename: 'Source', what: 'Sources, by title, publisher and author.' },
  STATEMENT: { kind: 'statement', typename: 'Statement', what: 'Statements, by summary and quotations.' },
  TOPIC: { kind: 'topic', typename: 'Topic', what: 'Topics, by name, other wordings and summary.' },
} as const satisfies Record<string, { kind: SearchKind; typename: NodeTypeName; what: string }>;

const TYPENAME_OF_KIND = Object.fromEntries(Object.values(TYPES).map((t) => [t.kind, t.typename])) as Record<SearchKind, NodeTypeName>;

/**
 * Cost points per word of a search query: matching a word against the
 * index (prefixes, misspellings) is work a page size does not show; a
 * 20-word query of random words took about 4 ms, as much as a two-hop
 * page of 10,000 points.
 */
const SEARCH_COST_PER_WORD = 250;

function searchCost(query: unknown): number {
  const words = typeof query === 'string' ? query.trim().split(/\s+/).filter(Boolean).length : 1;
  return SEARCH_COST_PER_WORD * Math.max(1, words);
}

const SearchType = builder.enumType('SearchType', {
  description: 'A kind of node that search can return.',
  values: Object.fromEntries(Object.entries(TYPES).map(([name, t]) => [name, { description: t.what }])) as Record<keyof typeof TYPES, { description: string }>,
});

const SearchResult = builder.unionType('SearchResult', {
  description: 'A node found by search.',
  types: [EventRef, PartyRef, PersonRef, OrganizationRef, CountryRef, SourceRef, StatementRef, TopicRef],
});

// The connection and edge types, with `totalCount`, `nodes` and each hit's score, as every
// other connection is made (Relay plugin's connectionObject); nodes are hits' records.
const SearchConnection = builder.connectionObject(
  {
    type: SearchResult,
    name: 'SearchConnection',
    description: 'A page of search hits, best first, with cursors for paging forwards (first/after) and backwards (last/before).',
    fields: (t) => ({
      totalCount: t.int({ description: 'Number of hits in all pages.', resolve: (connection) => connection.totalCount }),
    }),
  },
  {
    name: 'SearchEdge',
    description: 'One search hit, with its cursor and relevance score.',
    fields: (t) => ({
      score: t.float({
        description: "Relevance score from the search engine (MiniSearch's BM25-based score): higher is better.",
        resolve: (edge) => (edge as unknown as SearchHit<unknown>).score,
      }),
    }),
  },
);

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchResult,
      description:
        "Full-text search over names, alternate names, abbreviations, themes, events' venues, cities and summaries (with the sources' words about them), statements and topics; case-, accent- and punctuation-insensitive. A word matches exactly, as the start of a word, or, for a word of 4 letters or more that begins no indexed word (a likely misspelling), within an edit distance of a fifth of its length, rounded (1 for 4 to 7 letters, 2 for 8 to 12). Nodes matching every word are returned; when none does, nodes matching any word. Best match first. Each word of the query costs 250 points, besides the page.",
      complexity: (args) => ({ field: searchCost(args.query), multiplier: pageSizeForCost(args) }),
      args: {
        query: t.arg.string({ required: true, description: `What to look for, 1 to ${MAX_QUERY_LENGTH} characters.` }),
        types: t.arg({ type: [SearchType], description: 'Only these kinds of node (all kinds when omitted).' }),
      },
      resolve: async (_root, args, ctx) => {
        const query = args.query.trim();
        if (query.length === 0) throw badInput('`query` must not be empty.', 'query');
        if (query.length > MAX_QUERY_LENGTH) {
          throw badInput(`\`query\` must be at most ${MAX_QUERY_LENGTH} characters; got ${query.length}.`, 'query');
        }
        const kinds = args.types?.length ? new Set(args.types.map((type) => TYPES[type].kind)) : undefined;
        const hits = await ctx.store.search(query, kinds);
        const page = pageOf(hits.length, args);
        const pageHits = hits.slice(page.start, page.end);
        // The page's records, through each type's loader (one batch per type); a hit always names a stored record.
        const records = await Promise.all(pageHits.map((hit) => loadTyped(ctx, TYPENAME_OF_KIND[hit.kind], hit.key)));
        const edges = pageHits.map((hit, i) => new SearchHit(page.start + i, records[i] as never, hit.score));
        return { edges, totalCount: hits.length, pageInfo: new PageInfo(page) };
      },
    },
    SearchConnection,
  ),
}));
