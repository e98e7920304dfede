/**
 * Full-text search over names, alternate and former names, abbreviations
 * and themes, events' venues, cities, summaries and the sources' words
 * about them, statements and topics, with MiniSearch: case-, accent- and punctuation-insensitive
 * (see text.ts), prefix and fuzzy matching. MiniSearch weights an exact
 * term above a prefix match and a prefix match above a fuzzy one, so exact
 * and prefix hits rank first; `score` is MiniSearch's own relevance score.
 *
 * Fuzzy matching is for misspelled words: a query word that is an indexed
 * word, or the start of one, is matched exactly and as a prefix only. A
 * fuzzy lookup walks the whole vocabulary within the edit distance (its
 * cost grows with the size of the data, 2.3x at 1000 times the curated
 * data), while an exact or prefix lookup follows one path of the index.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { CountryRecord } from './countries.ts';
import type { EventRecord, OrganizationRecord, PartyRecord, PersonRecord, SourceRecord, StatementRecord, TopicRecord } from './records.ts';
import { lowerBound } from './sorted.ts';
import { normalizeName, terms } from './text.ts';

export type SearchKind = 'event' | 'party' | 'person' | 'organization' | 'country' | 'source' | 'statement' | 'topic';

export interface SearchHit {
  kind: SearchKind;
  /** The record's key: slug, or alpha-3 code for a country. */
  key: string;
  score: number;
}

interface SearchDocument {
  /** `kind:key`, e.g. "party:african-national-congress". */
  id: string;
  name?: string;
  alternateNames?: string;
  abbreviation?: string;
  theme?: string;
  /** Venue and city. */
  place?: string;
  /** Summaries written for the graph and the sources' words (claims, quotes). */
  text?: string;
}

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;

const FIELDS = ['name', 'alternateNames', 'abbreviation', 'theme', 'place', 'text'] as const;

/** The validated records to index (the Store gives its own). */
export interface SearchableRecords {
  events: Iterable<EventRecord>;
  parties: Iterable<PartyRecord>;
  people: Iterable<PersonRecord>;
  organizations: Iterable<OrganizationRecord>;
  countries: Iterable<CountryRecord>;
  sources: Iterable<SourceRecord>;
  statements: Iterable<StatementRecord>;
  topics: Iterable<TopicRecord>;
}

export class SearchIndex {
  private readonly index: MiniSearch<SearchDocument>;
  /** Every indexed word, sorted (code unit order), to tell a misspelling from a known word or prefix. */
  private readonly vocabulary: readonly string[];
  /**
   * Documents by their name, folded (see text.ts): a query that is a
   * node's whole name ranks that node first, ahead of longer texts that
   * mention it more often (a person before a topic named after them).
   */
  private readonly byName = new Map<string, string[]>();

  constructor(collections: SearchableRecords) {
    const vocabulary = new Set<string>();
    this.index = new MiniSearch<SearchDocument>({
      fields: [...FIELDS],
      // Kind and key are read back from the document ID (`kind:key`) rather than stored per document.
      tokenize: (text) => {
        const words = terms(text);
        for (const word of words) vocabulary.add(word);
        return words;
      },
      processTerm: (term) => term,
      searchOptions: {
        tokenize: terms,
        boost: { name: 3, abbreviation: 3, alternateNames: 2, theme: 1, place: 1, text: 0.5 },
        prefix: (term) => term.length >= 2,
        fuzzy: (term) => (term.length >= 4 && !this.isKnownPrefix(term) ? 0.2 : false),
        combineWith: 'AND',
      },
    });
    const docs: SearchDocument[] = [];
    // Empty fields are left out (MiniSearch skips a missing field but would tokenize an empty one).
    const joined = (values: readonly (string | undefined)[]) => values.filter(Boolean).join(' | ') || undefined;
    const add = (
      kind: SearchKind,
      key: string,
      name: string | undefined,
      alternate: readonly string[],
      abbreviation?: string,
      theme?: string,
      more: { place?: string; text?: string } = {},
    ) =>
      docs.push({
        id: `${kind}:${key}`,
        name: name || undefined,
        alternateNames: joined(alternate),
        abbreviation: abbreviation || undefined,
        theme: theme || undefined,
        ...more,
      });
    for (const e of collections.events) {
      add('event', e.slug, e.name, e.alternateNames, undefined, e.theme, {
        place: joined([e.venue, e.city]),
        text: joined([e.summary, ...e.claims.map((c) => c.text), ...e.lineage.map((l) => l.text)]),
      });
    }
    for (const p of collections.parties) add('party', p.slug, p.name, [...p.alternateNames, ...p.formerNames], p.abbreviation);
    for (const p of collections.people) add('person', p.slug, p.name, p.alternateNames);
    for (const o of collections.organizations) add('organization', o.slug, o.name, o.alternateNames, o.abbreviation);
    for (const c of collections.countries) add('country', c.code, c.name, [c.officialName], `${c.code} ${c.alpha2}`);
    for (const s of collections.sources) add('source', s.slug, s.title, [s.publisher ?? '', s.author ?? ''].filter(Boolean));
    for (const s of collections.statements)
      add('statement', s.id, undefined, [], undefined, undefined, { text: joined([s.summary, ...s.quotes.map((q) => q.text)]) });
    for (const t of collections.topics) add('topic', t.slug, t.name, t.alternateNames, undefined, undefined, { text: t.summary });
    this.index.addAll(docs);
    this.vocabulary = [...vocabulary].sort();
    for (const doc of docs) {
      if (doc.name === undefined) continue;
      const name = normalizeName(doc.name);
      const list = this.byName.get(name);
      if (list) list.push(doc.id);
      else this.byName.set(name, [doc.id]);
    }
  }

  /** Whether `term` is an indexed word or the beginning of one (binary search). */
  private isKnownPrefix(term: string): boolean {
    const first = lowerBound(this.vocabulary, term);
    return first < this.vocabulary.length && this.vocabulary[first]!.startsWith(term);
  }

  /**
   * All hits for `query`, best first, restricted to `kinds` when given.
   * Every term must match (exactly, as a prefix, or fuzzily); when no
   * document matches them all, documents matching any term are returned.
   */
  search(query: string, kinds?: ReadonlySet<SearchKind>): SearchHit[] {
    const filter = kinds ? (r: SearchResult) => kinds.has((r.id as string).slice(0, (r.id as string).indexOf(':')) as SearchKind) : undefined;
    let results = this.index.search(query, { filter });
    if (results.length === 0 && terms(query).length > 1) {
      results = this.index.search(query, { filter, combineWith: 'OR' });
    }
    const named = this.byName.get(normalizeName(query));
    if (named) {
      // Stable: the exact names first, in their score order, then the rest.
      const exact = new Set(named);
      results = [...results.filter((r) => exact.has(r.id as string)), ...results.filter((r) => !exact.has(r.id as string))];
    }
    return results.map((r) => {
      const id = r.id as string;
      const colon = id.indexOf(':');
      return { kind: id.slice(0, colon) as SearchKind, key: id.slice(colon + 1), score: r.score };
    });
  }
}
