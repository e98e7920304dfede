/**
 * Writes a synthetic dataset N times the size of the curated fixtures, for
 * scale tests and benchmarks:
 *
 *   npm run fixtures:synthetic -- --scale 100 [--out .synthetic/x100] [--from fixtures]
 *   FIXTURES_DIR=.synthetic/x100 npm start
 *
 * The dataset is N copies of the real graph. Copy 0 is the real data,
 * unchanged (so every real slug and ID still answers). Copy i > 0 renames
 * every key (`slug` -> `slug-x<i>`, `id` -> `id-x<i>`) and every link to
 * match, so each copy is a graph of the same shape and link density as the
 * original, linked only to itself and to the shared countries. Searchable
 * text (names, abbreviations, themes, titles) gets generated words in place
 * of real ones, one vocabulary per copy, so the index grows like a larger
 * corpus of different names rather than N repetitions of the same ones;
 * dates, roles, kinds, countries and quotations are kept.
 *
 * The output is validated with the same loader the server uses
 * (src/store/load.ts) before the command reports success.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COLLECTIONS, type CollectionName, type Fixtures } from '../src/store/records.ts';
import { DEFAULT_FIXTURES_DIR } from '../src/store/index.ts';
import { loadFixtures } from '../src/store/load.ts';

const STOP_WORDS = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'with', 'to', 'a', 'an', 'de', 'del', 'la', 'le', 'du', 'des']);
const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'kr', 'st', 'tr', 'sh'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];

/** FNV-1a, for deterministic generated words. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A pronounceable word standing for `word` in copy `copy`; the same inputs give the same word. */
function pseudoWord(word: string, copy: number): string {
  let h = hash(`${copy}:${word.toLowerCase()}`);
  const syllables = 2 + (h % 3);
  let out = '';
  for (let s = 0; s < syllables; s++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out += ONSETS[h % ONSETS.length]! + VOWELS[(h >>> 8) % VOWELS.length]!;
  }
  if (word === word.toUpperCase() && word.length > 1) return out.slice(0, word.length).toUpperCase();
  return word[0] === word[0]!.toUpperCase() ? out[0]!.toUpperCase() + out.slice(1) : out;
}

/** Replaces each word of `text` (except short stop words) by its generated word for `copy`. */
function rename(text: string, copy: number): string {
  return text.replace(/\p{L}+/gu, (word) => (STOP_WORDS.has(word.toLowerCase()) ? word : pseudoWord(word, copy)));
}

type Rec = Record<string, unknown>;

/** Fields whose text each copy renames, and fields that link to another record (remapped per copy). */
const RENAMED_FIELDS = new Set(['name', 'alternateNames', 'formerNames', 'abbreviation', 'theme', 'summary', 'subject', 'venue', 'publisher', 'author']);
const LINK_FIELDS = new Set([
  'party',
  'parties',
  'organization',
  'organizers',
  'speaker',
  'person',
  'delegates',
  'event',
  'chair',
  'partOf',
  'topics',
  'respondsTo',
]);

/** Copy `copy` of the fixtures: keys suffixed, links remapped, searchable text renamed. */
function copyOf(f: Fixtures, copy: number): Fixtures {
  if (copy === 0) return f;
  const key = (slug: string) => `${slug}-x${copy}`;
  const opt = (slug: string | undefined) => (slug === undefined ? undefined : key(slug));
  const text = (value: string | undefined) => (value === undefined ? undefined : rename(value, copy));
  const texts = (values: string[]) => values.map((v) => rename(v, copy));
  // An inference's value follows its field: renamed text is renamed, a link remapped, anything else kept.
  const inferred = (value: string, field: string) => (RENAMED_FIELDS.has(field) ? rename(value, copy) : LINK_FIELDS.has(field) ? key(value) : value);
  const clean = <T extends Rec>(record: T): T => {
    for (const k of Object.keys(record)) if (record[k] === undefined) delete record[k];
    if (Array.isArray(record.inferences)) {
      (record as Rec).inferences = (record.inferences as { field: string; value?: string; note: string }[]).map((i) =>
        i.value === undefined ? i : { ...i, value: inferred(i.value, i.field) },
      );
    }
    return record;
  };
  return {
    sources: f.sources.map((s) => clean({ ...s, slug: key(s.slug), title: rename(s.title, copy), publisher: text(s.publisher), author: text(s.author) })),
    events: f.events.map((e) =>
      clean({
        ...e,
        slug: key(e.slug),
        name: rename(e.name, copy),
        alternateNames: texts(e.alternateNames),
        theme: text(e.theme),
        summary: text(e.summary),
        venue: text(e.venue),
        organizers: e.organizers.map(key),
        chair: opt(e.chair),
        partOf: opt(e.partOf),
        figures: e.figures.map((fig) => ({ ...fig, source: key(fig.source) })),
        languages: e.languages.map((l) => ({ ...l, source: key(l.source) })),
        lineage: e.lineage.map((l) => ({ ...l, events: l.events.map(key), source: key(l.source) })),
        topics: e.topics.map(key),
        claims: e.claims.map((c) => ({
          ...c,
          source: key(c.source),
          // Claims about renamed fields keep agreeing (or not) with the event.
          value: c.field === 'CHAIR' ? key(c.value) : c.field === 'NAME' || c.field === 'THEME' ? rename(c.value, copy) : c.value,
        })),
        sources: e.sources.map(key),
      }),
    ),
    parties: f.parties.map((p) =>
      clean({
        ...p,
        slug: key(p.slug),
        name: rename(p.name, copy),
        abbreviation: text(p.abbreviation),
        alternateNames: texts(p.alternateNames),
        formerNames: texts(p.formerNames),
        sources: p.sources.map(key),
      }),
    ),
    organizations: f.organizations.map((o) =>
      clean({
        ...o,
        slug: key(o.slug),
        name: rename(o.name, copy),
        abbreviation: text(o.abbreviation),
        alternateNames: texts(o.alternateNames),
        party: opt(o.party),
        sources: o.sources.map(key),
      }),
    ),
    people: f.people.map((p) =>
      clean({ ...p, slug: key(p.slug), name: rename(p.name, copy), alternateNames: texts(p.alternateNames), sources: p.sources.map(key) }),
    ),
    positions: f.positions.map((p) =>
      clean({ ...p, id: key(p.id), person: key(p.person), party: opt(p.party), organization: opt(p.organization), sources: p.sources.map(key) }),
    ),
    participations: f.participations.map((p) =>
      clean({
        ...p,
        id: key(p.id),
        event: key(p.event),
        party: opt(p.party),
        organization: opt(p.organization),
        delegates: p.delegates.map(key),
        attendance: p.attendance.map((a) => ({ ...a, source: key(a.source) })),
        sources: p.sources.map(key),
      }),
    ),
    speeches: f.speeches.map((s) =>
      clean({
        ...s,
        id: key(s.id),
        event: key(s.event),
        speaker: key(s.speaker),
        party: opt(s.party),
        organization: opt(s.organization),
        quotes: s.quotes.map((q) => ({ ...q, source: key(q.source) })),
        attendance: s.attendance.map((a) => ({ ...a, source: key(a.source) })),
        topics: s.topics.map(key),
        sources: s.sources.map(key),
      }),
    ),
    statements: f.statements.map((s) =>
      clean({
        ...s,
        id: key(s.id),
        speaker: opt(s.speaker),
        organization: opt(s.organization),
        party: opt(s.party),
        event: opt(s.event),
        respondsTo: opt(s.respondsTo),
        summary: rename(s.summary, copy),
        quotes: s.quotes.map((q) => ({ ...q, source: key(q.source) })),
        topics: s.topics.map(key),
        sources: s.sources.map(key),
      }),
    ),
    topics: f.topics.map((t) =>
      clean({
        ...t,
        slug: key(t.slug),
        name: rename(t.name, copy),
        alternateNames: texts(t.alternateNames),
        summary: rename(t.summary, copy),
        sources: t.sources.map(key),
      }),
    ),
    absences: f.absences.map((a) =>
      clean({
        ...a,
        id: key(a.id),
        event: key(a.event),
        parties: a.parties.map(key),
        organization: opt(a.organization),
        subject: rename(a.subject, copy),
        quotes: a.quotes.map((q) => ({ ...q, source: key(q.source) })),
        sources: a.sources.map(key),
      }),
    ),
    figures: f.figures.map((fig) =>
      clean({
        ...fig,
        id: key(fig.id),
        speech: opt(fig.speech),
        statement: opt(fig.statement),
        event: opt(fig.event),
        topic: opt(fig.topic),
        source: key(fig.source),
      }),
    ),
  };
}

/** Builds the dataset `scale` times the size of the fixtures in `from`. */
export function syntheticFixtures(scale: number, from: string = DEFAULT_FIXTURES_DIR): Fixtures {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`--scale must be a positive integer; got ${scale}.`);
  const real = loadFixtures(from);
  const out = Object.fromEntries(Object.keys(COLLECTIONS).map((name) => [name, [] as unknown[]])) as unknown as Fixtures;
  for (let copy = 0; copy < scale; copy++) {
    const c = copyOf(real, copy);
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) (out[name] as unknown[]).push(...c[name]);
  }
  return out;
}

/** Writes `fixtures` as one JSON file per collection into `dir`. */
export function writeFixtures(fixtures: Fixtures, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, { file }] of Object.entries(COLLECTIONS) as [CollectionName, { file: string }][]) {
    writeFileSync(join(dir, file), JSON.stringify(fixtures[name]));
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  if (values.scale === undefined || !Number.isInteger(scale) || scale < 1) {
    console.error(
      'Usage: npm run fixtures:synthetic -- --scale N [--out DIR] [--from DIR]\n  N: a positive integer, the size as a multiple of the curated fixtures.',
    );
    process.exit(2);
  }
  const out = resolve(values.out ?? `.synthetic/x${scale}`);
  const started = performance.now();
  const fixtures = syntheticFixtures(scale, values.from ? resolve(values.from) : undefined);
  writeFixtures(fixtures, out);
  // The same validation the server runs at start-up.
  const checked = loadFixtures(out);
  const counts = Object.entries(checked)
    .map(([name, records]) => `${name} ${(records as unknown[]).length}`)
    .join(', ');
  console.log(`Wrote ${scale}x fixtures to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s (${counts}); valid.`);
  console.log(`Serve them with: FIXTURES_DIR=${out} npm start`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
