/**
 * Builds the bulk export from a store: one CSV per table (src/export/tables.ts),
 * graph.json (the whole graph in one document, Popolo-style where the shapes
 * fit) and index.json (the listing). Built once per store and kept as bytes:
 * the store is immutable, so the export is a few hundred kilobytes that never
 * change while the process runs. The server (plugin.ts) and `npm run export`
 * (scripts/export.ts) write the same bytes.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Store } from '../store/store.ts';
import { datasetVersion } from './dataset.ts';
import { LIST_SEPARATOR, TABLES, type Column, type Table } from './tables.ts';

/** Where the export is served. */
export const EXPORT_PATH = '/export';

/** The listing's file name (it is also served at EXPORT_PATH itself). */
export const LISTING_FILE = 'index.json';

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
export const JSON_TYPE = 'application/json; charset=utf-8';

export interface ExportFile {
  name: string;
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

export interface Export {
  version: string;
  /** Rows per table, in table order. */
  counts: { table: string; typename: string | null; rows: number; file: string }[];
  /** Every file by name, the listing first. */
  files: Map<string, ExportFile>;
}

const encoder = new TextEncoder();

function file(name: string, contentType: string, text: string): ExportFile {
  const bytes = encoder.encode(text) as Uint8Array<ArrayBuffer>;
  return { name, contentType, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A column's value as graph.json holds it: null for a missing value, arrays for lists. */
function jsonValue(column: Column, record: Record<string, unknown>): unknown {
  const value = column.get(record);
  return value === undefined ? null : value;
}

/** A column's value as one CSV cell. */
function cell(table: Table, column: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'json') return JSON.stringify(value);
  if (Array.isArray(value)) {
    for (const item of value as string[]) {
      if (item.includes(LIST_SEPARATOR)) {
        throw new Error(`export: ${table.name}.${column.name} has an item containing the list separator "${LIST_SEPARATOR}": ${JSON.stringify(item)}`);
      }
    }
    return value.join(LIST_SEPARATOR);
  }
  return String(value);
}

function csvOf(table: Table, rows: Record<string, unknown>[]): string {
  const records = rows.map((row) => table.columns.map((c) => cell(table, c, row[c.name])));
  return stringify(records, {
    header: true,
    columns: table.columns.map((c) => c.name),
    // RFC 4180: CRLF between records, and a field holding a line break (LF or CR alone too), a comma or a quote is quoted.
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    // Values are written as the sources have them; a spreadsheet user should import as text (README).
    escape_formulas: false,
    bom: false,
  });
}

/** Popolo (popoloproject.com) names for the shapes that fit, added beside the columns. */
type Row = Record<string, unknown>;
const names = (row: Row, field: string, note?: string) => ((row[field] as string[] | undefined) ?? []).map((name) => (note ? { name, note } : { name }));
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);
const defined = (o: Row) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Which section of graph.json holds each table's rows, and the Popolo fields added to them. */
export const GRAPH_SECTIONS: Record<string, { section: string; popolo?: (row: Row) => Row }> = {
  people: { section: 'persons', popolo: (r) => ({ other_names: names(r, 'alternateNames') }) },
  parties: {
    section: 'organizations',
    popolo: (r) => ({ classification: 'party', other_names: [...names(r, 'alternateNames'), ...names(r, 'formerNames', 'former name')], area_id: r.countryId }),
  },
  organizations: {
    section: 'organizations',
    popolo: (r) => ({ classification: lower(r.kind), other_names: names(r, 'alternateNames'), parent_id: r.partyId, area_id: r.countryId }),
  },
  positions: {
    section: 'memberships',
    popolo: (r) => ({ person_id: r.personId, organization_id: r.partyId ?? r.organizationId ?? null, role: r.title, area_id: r.countryId }),
  },
  events: {
    section: 'events',
    popolo: (r) => ({
      classification: lower(r.kind),
      // Popolo dates may be partial (YYYY or YYYY-MM), as `date` is.
      start_date: r.date,
      end_date: r.endDate,
      parent_id: r.partOfId,
      other_names: names(r, 'alternateNames'),
    }),
  },
  countries: {
    section: 'areas',
    popolo: (r) => ({
      classification: 'country',
      identifiers: [
        { scheme: 'ISO 3166-1 alpha-3', identifier: r.code },
        { scheme: 'ISO 3166-1 alpha-2', identifier: r.alpha2 },
      ],
    }),
  },
  speeches: { section: 'speeches', popolo: (r) => ({ creator_id: r.speakerId, event_id: r.eventId, position: r.order }) },
};

/** The section of graph.json that holds `table`'s rows (its own name unless Popolo names it). */
export function sectionOf(table: string): string {
  return GRAPH_SECTIONS[table]?.section ?? table;
}

const DESCRIPTION =
  "summit-graph: a sourced knowledge graph of the meetings the Communist Party of China holds with the world's political parties. Every record names the sources it comes from.";

function buildExport(store: Store): Export {
  const version = datasetVersion(store);
  const rowsByTable = new Map<Table, Row[]>();
  for (const table of TABLES) {
    rowsByTable.set(
      table,
      table.records(store).map((record) => Object.fromEntries(table.columns.map((c) => [c.name, jsonValue(c, record)]))),
    );
  }
  const counts = countsOf(store);

  const csvs = TABLES.map((t) => file(`${t.name}.csv`, CSV_TYPE, csvOf(t, rowsByTable.get(t)!)));

  const graph: Record<string, unknown> = {
    dataset: { name: 'summit-graph', version, description: DESCRIPTION, counts: Object.fromEntries(counts.map((c) => [c.table, c.rows])) },
  };
  for (const table of TABLES) {
    const { section, popolo } = GRAPH_SECTIONS[table.name] ?? { section: table.name };
    const rows = rowsByTable.get(table)!.map((row) => (popolo ? { ...row, ...defined(popolo(row)) } : row));
    graph[section] = [...((graph[section] as Row[] | undefined) ?? []), ...rows];
  }
  const graphFile = file('graph.json', JSON_TYPE, `${JSON.stringify(graph)}\n`);

  const listing = {
    name: 'summit-graph',
    description: DESCRIPTION,
    version,
    format: {
      csv: `RFC 4180: comma-separated, CRLF between records, a header row, fields with a comma, quote or line break in double quotes (a quote doubled); UTF-8 without a byte order mark. Lists are one cell, items joined by "${LIST_SEPARATOR}"; an empty cell is a missing value.`,
      ids: '`id` is the global ID the API returns in `id` (`node(id:)` refetches it); a column ending in `Id` or `Ids` holds the global IDs of the records a row names, one ending in `Key` or `Keys` the key of a record of a type without global IDs.',
      graph:
        'graph.json holds every table: people as Popolo `persons`, parties and organizations as `organizations`, positions as `memberships`, countries as `areas`, and `events` and `speeches`, each with every column of its CSV besides the Popolo fields; every other table (statements, topics, absences, figures, and each child table such as `event-figures`) under its own name, lists as arrays.',
      listSeparator: LIST_SEPARATOR,
    },
    files: [
      ...TABLES.map((t, i) => ({
        name: csvs[i]!.name,
        url: `${EXPORT_PATH}/${csvs[i]!.name}`,
        contentType: CSV_TYPE,
        bytes: csvs[i]!.bytes.byteLength,
        sha256: csvs[i]!.sha256,
        table: t.name,
        typename: t.typename ?? null,
        ...(t.parent ? { parent: t.parent } : {}),
        rows: counts[i]!.rows,
        columns: t.columns.map((c) => defined({ name: c.name, kind: c.kind, references: c.target })),
      })),
      {
        name: graphFile.name,
        url: `${EXPORT_PATH}/${graphFile.name}`,
        contentType: JSON_TYPE,
        bytes: graphFile.bytes.byteLength,
        sha256: graphFile.sha256,
      },
    ],
  };
  const listingFile = file(LISTING_FILE, JSON_TYPE, `${JSON.stringify(listing, null, 2)}\n`);

  const files = new Map<string, ExportFile>([[LISTING_FILE, listingFile]]);
  for (const f of [...csvs, graphFile]) files.set(f.name, f);
  return { version, counts, files };
}

export type TableCount = Export['counts'][number];

const counted = new WeakMap<object, TableCount[]>();

/** Rows per table, without building the files (what Query.dataset reports); kept per store. */
export function countsOf(store: Store): TableCount[] {
  let counts = counted.get(store.fixtures);
  if (!counts) {
    counts = TABLES.map((t) => ({ table: t.name, typename: t.typename ?? null, rows: t.records(store).length, file: `${t.name}.csv` }));
    counted.set(store.fixtures, counts);
  }
  return counts;
}

const built = new WeakMap<object, Export>();

/** The export of `store`, built on first use and kept (keyed on the store's immutable records). */
export function exportOf(store: Store): Export {
  let result = built.get(store.fixtures);
  if (!result) {
    result = buildExport(store);
    built.set(store.fixtures, result);
  }
  return result;
}
