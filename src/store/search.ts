/**
 * Full-text search over names, alternate and former names, abbreviations
 * and themes, with MiniSearch: case-, accent- and punctuation-insensitive
 * (see text.ts), prefix and fuzzy matching. MiniSearch weights an exact
 * term above a prefix match and a prefix match above a fuzzy one, so exact
 * and prefix hits rank first; `score` is MiniSearch's own relevance score.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { CountryRecord } from './countries.js';
import type { EventRecord, OrganizationRecord, PartyRecord, PersonRecord, SourceRecord } from './records.js';
import { terms } from './text.js';

export type SearchKind = 'event' | 'party' | 'person' | 'organization' | 'country' | 'source';

export interface SearchHit {
  kind: SearchKind;
  /** The record's key: slug, or alpha-3 code for a country. */
  key: string;
  score: number;
}

interface SearchDocument {
  id: string;
  kind: SearchKind;
  key: string;
  name: string;
  alternateNames: string;
  abbreviation: string;
  theme: string;
}

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 200;

const FIELDS = ['name', 'alternateNames', 'abbreviation', 'theme'] as const;

export class SearchIndex {
  private readonly index: MiniSearch<SearchDocument>;

  constructor(collections: {
    events: Iterable<EventRecord>;
    parties: Iterable<PartyRecord>;
    people: Iterable<PersonRecord>;
    organizations: Iterable<OrganizationRecord>;
    countries: Iterable<CountryRecord>;
    sources: Iterable<SourceRecord>;
  }) {
    this.index = new MiniSearch<SearchDocument>({
      fields: [...FIELDS],
      storeFields: ['kind', 'key'],
      tokenize: (text) => terms(text),
      processTerm: (term) => term,
      searchOptions: {
        boost: { name: 3, abbreviation: 3, alternateNames: 2, theme: 1 },
        prefix: (term) => term.length >= 2,
        fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
        combineWith: 'AND',
      },
    });
    const docs: SearchDocument[] = [];
    const add = (kind: SearchKind, key: string, name: string, alternate: string[], abbreviation = '', theme = '') =>
      docs.push({ id: `${kind}:${key}`, kind, key, name, alternateNames: alternate.join(' | '), abbreviation, theme });
    for (const e of collections.events) add('event', e.slug, e.name, e.alternateNames, '', e.theme ?? '');
    for (const p of collections.parties) add('party', p.slug, p.name, [...p.alternateNames, ...p.formerNames], p.abbreviation);
    for (const p of collections.people) add('person', p.slug, p.name, p.alternateNames);
    for (const o of collections.organizations) add('organization', o.slug, o.name, o.alternateNames, o.abbreviation);
    for (const c of collections.countries) add('country', c.code, c.name, [c.officialName], `${c.code} ${c.alpha2}`);
    for (const s of collections.sources) add('source', s.slug, s.title, [s.publisher ?? '', s.author ?? ''].filter(Boolean));
    this.index.addAll(docs);
  }

  /**
   * All hits for `query`, best first, restricted to `kinds` when given.
   * Every term must match (exactly, as a prefix, or fuzzily); when no
   * document matches them all, documents matching any term are returned.
   */
  search(query: string, kinds?: ReadonlySet<SearchKind>): SearchHit[] {
    const filter = kinds ? (r: SearchResult) => kinds.has(r.kind as SearchKind) : undefined;
    let results = this.index.search(query, { filter });
    if (results.length === 0 && terms(query).length > 1) {
      results = this.index.search(query, { filter, combineWith: 'OR' });
    }
    return results.map((r) => ({ kind: r.kind as SearchKind, key: r.key as string, score: r.score }));
  }
}
