/**
 * Source audit: every quote (of speeches, statements and absences), every
 * figure text (events' and figures.json), every claim, lineage, language and
 * attendance text and every source's own dateline must stand verbatim in
 * the document of the source it cites, and every source's `document` file
 * must exist in the given folder. Only runs of whitespace are normalised;
 * quotation marks and apostrophes must match the document exactly (’ is
 * not ').
 *
 * Names are audited too: every name and alternate name of a party, person,
 * organization, event or topic must appear in one of the documents of the
 * record's sources (letter case, accents and punctuation ignored), unless
 * the record lists it in `inferences` as a value from outside them.
 *
 * Usage: npm run audit:sources -- ../shared/sources [--fixtures DIR]
 * Prints each failure as file, record, field and exits 1 on any failure;
 * otherwise prints a one-line summary with counts.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadFixturesOrReport } from './load-fixtures.ts';
import type { Fixtures, InferenceRecord } from '../src/store/records.ts';
import { normalizeName } from '../src/store/text.ts';

export interface AuditFailure {
  file: string;
  record: string;
  field: string;
  message: string;
}

export interface AuditResult {
  failures: AuditFailure[];
  counts: { documents: number; quotes: number; figures: number; claims: number; names: number; inferred: number };
}

/** Collapses every run of whitespace to one space; nothing else is changed. */
export function normalizeWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Checks the fixtures' quoted words against the documents in `folder`. */
export function auditSources(fixtures: Fixtures, folder: string): AuditResult {
  const failures: AuditFailure[] = [];
  const documents = new Map<string, string>();
  for (const source of fixtures.sources) {
    try {
      documents.set(source.slug, normalizeWhitespace(readFileSync(join(folder, source.document), 'utf8')));
    } catch (error) {
      failures.push({
        file: 'sources.json',
        record: source.slug,
        field: 'document',
        message: `"${source.document}" cannot be read in ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      });
    }
  }

  const check = (file: string, record: string, field: string, source: string, text: string): void => {
    const document = documents.get(source);
    if (document === undefined) {
      failures.push({ file, record, field, message: `cites source "${source}", whose document is not available` });
      return;
    }
    if (!document.includes(normalizeWhitespace(text))) {
      failures.push({ file, record, field, message: `is not verbatim in the document of "${source}": ${JSON.stringify(text)}` });
    }
  };

  let quotes = 0;
  let figures = 0;
  let claims = 0;
  const quoted = (file: string, records: { id: string; quotes: { text: string; source: string }[] }[]) => {
    for (const record of records) {
      record.quotes.forEach((quote, i) => {
        quotes += 1;
        check(file, record.id, `quotes.${i}.text`, quote.source, quote.text);
      });
    }
  };
  quoted('speeches.json', fixtures.speeches);
  quoted('statements.json', fixtures.statements);
  quoted('absences.json', fixtures.absences);
  for (const speech of fixtures.speeches) {
    speech.attendance.forEach((a, i) => check('speeches.json', speech.id, `attendance.${i}.text`, a.source, a.text));
  }
  for (const p of fixtures.participations) {
    p.attendance.forEach((a, i) => check('participations.json', p.id, `attendance.${i}.text`, a.source, a.text));
  }
  for (const figure of fixtures.figures) {
    figures += 1;
    check('figures.json', figure.id, 'text', figure.source, figure.text);
  }
  for (const source of fixtures.sources) {
    if (source.dateText !== undefined) check('sources.json', source.slug, 'dateText', source.slug, source.dateText);
  }
  for (const event of fixtures.events) {
    event.figures.forEach((figure, i) => {
      figures += 1;
      check('events.json', event.slug, `figures.${i}.text`, figure.source, figure.text);
    });
    event.claims.forEach((claim, i) => {
      claims += 1;
      check('events.json', event.slug, `claims.${i}.text`, claim.source, claim.text);
    });
    event.lineage.forEach((l, i) => {
      claims += 1;
      check('events.json', event.slug, `lineage.${i}.text`, l.source, l.text);
    });
    event.languages.forEach((l, i) => check('events.json', event.slug, `languages.${i}.text`, l.source, l.text));
  }

  // Names: in a document of the record's sources, or marked as inferred.
  const folded = new Map([...documents].map(([slug, text]) => [slug, ` ${normalizeName(text)} `]));
  let names = 0;
  let inferred = 0;
  type Named = { name: string; alternateNames: string[]; formerNames?: string[]; sources: string[]; inferences: InferenceRecord[] };
  const named = (file: string, key: string, r: Named) => {
    const fields: [string, string[]][] = [
      ['name', [r.name]],
      ['alternateNames', r.alternateNames],
      ['formerNames', r.formerNames ?? []],
    ];
    for (const [field, values] of fields) {
      values.forEach((value, i) => {
        names += 1;
        if (r.inferences.some((inf) => inf.field === field && (inf.value === undefined || inf.value === value))) {
          inferred += 1;
          return;
        }
        const needle = ` ${normalizeName(value)} `;
        if (!r.sources.some((source) => folded.get(source)?.includes(needle))) {
          failures.push({
            file,
            record: key,
            field: field === 'name' ? 'name' : `${field}.${i}`,
            message: `${JSON.stringify(value)} is in none of the record's sources: mark it in \`inferences\` as a value from outside the documents`,
          });
        }
      });
    }
  };
  for (const r of fixtures.parties) named('parties.json', r.slug, r);
  for (const r of fixtures.people) named('people.json', r.slug, r);
  for (const r of fixtures.organizations) named('organizations.json', r.slug, r);
  for (const r of fixtures.topics) named('topics.json', r.slug, r);
  return { failures, counts: { documents: documents.size, quotes, figures, claims, names, inferred } };
}

function main(argv: string[]): number {
  const args = [...argv];
  let fixturesDir = fileURLToPath(new URL('../fixtures', import.meta.url));
  const at = args.indexOf('--fixtures');
  if (at !== -1) {
    const value = args[at + 1];
    if (!value) {
      console.error('audit:sources: --fixtures needs a folder');
      return 1;
    }
    fixturesDir = resolve(value);
    args.splice(at, 2);
  }
  const folderArg = args[0];
  if (!folderArg) {
    console.error('usage: npm run audit:sources -- <folder with the source documents> [--fixtures DIR]');
    return 1;
  }
  const folder = resolve(folderArg);

  const fixtures = loadFixturesOrReport(fixturesDir);
  if (!fixtures) return 1;

  const { failures, counts } = auditSources(fixtures, folder);
  for (const f of failures) console.error(`${f.file}, record ${f.record}, field ${f.field}: ${f.message}`);
  if (failures.length > 0) {
    console.error(`source audit failed: ${failures.length} problem${failures.length === 1 ? '' : 's'}`);
    return 1;
  }
  console.log(
    `source audit passed: ${counts.documents} documents found, ${counts.quotes} quotes, ${counts.figures} figures and ${counts.claims} claims verbatim in ${folder}; ${counts.names - counts.inferred} names found in their sources, ${counts.inferred} marked as inferred`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
