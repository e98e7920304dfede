/**
 * The export's tables, derived from the store's record schemas
 * (src/store/records.ts), never listed by hand: one table per fixture
 * collection, one for the countries, and one child table per list of
 * objects inside a record (an event's figures, a speech's quotes). A new
 * collection or field appears in the export without code here, unless a
 * reference names its target in a way the rules below cannot read (the
 * test in test/export.test.ts then names it).
 *
 * Column rules, per field of a record schema:
 * - a node's row starts with `id`, its global ID (what the API returns in
 *   `id`), then its key; a record's own `id` field (a relationship's key)
 *   becomes `key`, the first column where the record has no global ID;
 * - a text, number, boolean or enum value is one column, named as the field;
 * - a reference (a field typed as a slug, a relationship key or a country
 *   code) becomes `<field>Id`, the global ID of the record it names, or
 *   `<field>Key` when that record is of a type the API has no node for;
 * - a list of values or references is one cell, its items joined by
 *   LIST_SEPARATOR (`<singular field>Ids` for references);
 * - an object is flattened into `<field><Sub>` columns;
 * - a list of objects becomes a child table `<parent singular>-<field>`,
 *   keyed by the parent's ID and the item's 1-based `index`; a child table
 *   of inferences also has `column`, the parent's column(s) holding `field`;
 * - anything else is one cell of JSON (listed in `fallbackColumns`);
 * - DERIVED_COLUMNS adds the few values the API computes from several
 *   fields (an event's partial date).
 */
import { z } from 'zod';
import { encodeGlobalId, NODE_TYPES, type NodeTypeName } from '../schema/ids.ts';
import { COLLECTIONS, inferenceRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

/** Joins the items of a list in one CSV cell. No item may contain it (checked when the export is built). */
export const LIST_SEPARATOR = '|';

/** A cell's value before it is written: JSON for graph.json, text for CSV. */
export type Value = string | number | boolean | null | string[] | unknown;

/** How a column's values are made. */
export type ColumnKind = 'id' | 'value' | 'list' | 'reference' | 'references' | 'json';

export interface Column {
  name: string;
  kind: ColumnKind;
  /** The record field it comes from (for a column of a record's own field). */
  field?: string;
  /** The table a reference names (for `reference` and `references`). */
  target?: string;
  /** Reads the column's value from a row's record. */
  get(record: Record<string, unknown>): Value;
}

export interface Table {
  /** The table's name: its file is `<name>.csv`. */
  name: string;
  /** The GraphQL type of its rows where they are nodes (their `id` is a global ID). */
  typename?: NodeTypeName;
  /** The collection (or parent collection) of the store it comes from. */
  collection: string;
  /** For a child table, the parent table's name and the field it comes from. */
  parent?: { table: string; field: string };
  columns: Column[];
  /** The table's records, in the store's order (fixture order; countries by code). */
  records(store: Store): Record<string, unknown>[];
}

/** Irregular singulars; the rest drop -ies/-es/-s (see `singular`). */
const SINGULARS: Record<string, string> = { people: 'person' };

/** GraphQL type names where they are not the capitalised singular of the collection. */
const TYPENAMES: Record<string, string> = {};

/**
 * Reference fields whose name is neither a collection's name nor its
 * singular: the collection they name. Add a line here when the test names
 * an unresolved reference.
 */
const REFERENCE_ALIASES: Record<string, string> = {
  partOf: 'events',
  organizers: 'organizations',
  chair: 'people',
  speaker: 'people',
  delegates: 'people',
  hostCountry: 'countries',
  respondsTo: 'statements',
};

export function singular(name: string): string {
  if (SINGULARS[name]) return SINGULARS[name];
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (/(?:ch|sh|ss|x)es$/.test(name)) return name.slice(0, -2);
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The GraphQL type of a collection's records, when that type is a node. */
function nodeTypeOf(collection: string): NodeTypeName | undefined {
  const name = TYPENAMES[collection] ?? capitalise(singular(collection));
  return (NODE_TYPES as readonly string[]).includes(name) ? (name as NodeTypeName) : undefined;
}

/** The key field of each collection that has records keyed by it (countries by `code`). */
const KEY_FIELDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(COLLECTIONS).map(([name, c]) => [name, c.key])),
  countries: 'code',
};

/** The table a reference field names, or undefined when the rules cannot tell. */
function targetOf(field: string): string | undefined {
  if (REFERENCE_ALIASES[field]) return REFERENCE_ALIASES[field];
  return Object.keys(KEY_FIELDS).find((name) => name === field || singular(name) === field);
}

/** Regex sources of the string types that name another record: the key types of the collections, and country codes. */
function referencePatterns(): Set<string> {
  const patterns = new Set<string>(['^[A-Z]{3}$']);
  for (const { schema, key } of Object.values(COLLECTIONS)) {
    for (const pattern of regexesOf(schema.shape[key as keyof typeof schema.shape] as z.ZodType)) patterns.add(pattern);
  }
  return patterns;
}

function regexesOf(schema: z.ZodType): string[] {
  const checks = (schema as unknown as { _zod: { def: { checks?: { _zod: { def: { format?: string; pattern?: RegExp } } }[] } } })._zod.def.checks ?? [];
  return checks.flatMap((c) => (c._zod.def.format === 'regex' && c._zod.def.pattern ? [c._zod.def.pattern.source] : []));
}

const REFERENCE_PATTERNS = referencePatterns();

/** Removes optional, default and nullable wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** zod's name for a schema's kind ("string" also for formats such as z.url()). */
function kindOf(s: z.ZodType): string {
  return (s as unknown as { _zod: { def: { type: string } } })._zod.def.type;
}

const SCALAR_KINDS = new Set(['string', 'number', 'int', 'boolean', 'enum', 'literal', 'bigint']);

function isScalar(s: z.ZodType): boolean {
  return SCALAR_KINDS.has(kindOf(s));
}

function isReference(s: z.ZodType): boolean {
  return kindOf(s) === 'string' && regexesOf(s).some((p) => REFERENCE_PATTERNS.has(p));
}

/** A record's value for a key in `target`: its global ID when `target` holds nodes, else the key itself. */
function refValue(target: string | undefined, key: string): string {
  const typename = target === undefined ? undefined : nodeTypeOf(target);
  return typename ? encodeGlobalId(typename, key) : key;
}

/** What the walk over the schemas found that the rules could not place (the test asserts both are empty). */
export const problems: { unresolvedReferences: string[]; fallbackColumns: string[] } = { unresolvedReferences: [], fallbackColumns: [] };

type Getter = (record: Record<string, unknown>) => unknown;

/** Columns for the fields of an object schema, read through `read`; child tables for its lists of objects go to `children`. */
function columnsOf(
  owner: string,
  shape: Record<string, z.ZodType>,
  read: Getter,
  prefix: string,
  keyField: string | undefined,
  childOf: (field: string, element: z.ZodObject) => void,
): Column[] {
  const columns: Column[] = [];
  for (const [field, raw] of Object.entries(shape)) {
    const first = columns.length;
    const s = unwrap(raw);
    const name = prefix ? `${prefix}${capitalise(field)}` : field;
    const get = (r: Record<string, unknown>) => (read(r) as Record<string, unknown> | undefined)?.[field];
    if (field === keyField) {
      columns.push({ name: field === 'id' ? 'key' : field, kind: 'value', get: (r) => get(r) ?? null });
    } else if (isReference(s)) {
      const target = targetOf(field);
      if (!target) problems.unresolvedReferences.push(`${owner}.${name}`);
      const node = target !== undefined && nodeTypeOf(target) !== undefined;
      columns.push({
        name: `${name}${node ? 'Id' : 'Key'}`,
        kind: 'reference',
        target,
        get: (r) => {
          const v = get(r);
          return typeof v === 'string' ? refValue(target, v) : null;
        },
      });
    } else if (isScalar(s)) {
      columns.push({ name, kind: 'value', get: (r) => get(r) ?? null });
    } else if (s instanceof z.ZodArray) {
      const element = unwrap(s.element as z.ZodType);
      if (isReference(element)) {
        const target = targetOf(field);
        if (!target) problems.unresolvedReferences.push(`${owner}.${name}`);
        const node = target !== undefined && nodeTypeOf(target) !== undefined;
        columns.push({
          name: `${prefix ? `${prefix}${capitalise(singular(field))}` : singular(field)}${node ? 'Ids' : 'Keys'}`,
          kind: 'references',
          target,
          get: (r) => ((get(r) as string[] | undefined) ?? []).map((v) => refValue(target, v)),
        });
      } else if (isScalar(element)) {
        columns.push({ name, kind: 'list', get: (r) => ((get(r) as unknown[] | undefined) ?? []).map(String) });
      } else if (element instanceof z.ZodObject && !prefix) {
        childOf(field, element);
      } else {
        problems.fallbackColumns.push(`${owner}.${name}`);
        columns.push({ name, kind: 'json', get: (r) => get(r) ?? null });
      }
    } else if (s instanceof z.ZodObject) {
      columns.push(...columnsOf(owner, s.shape as Record<string, z.ZodType>, get as Getter, name, undefined, childOf));
    } else {
      problems.fallbackColumns.push(`${owner}.${name}`);
      columns.push({ name, kind: 'json', get: (r) => get(r) ?? null });
    }
    if (!prefix) for (const column of columns.slice(first)) column.field = field;
  }
  return columns;
}

/** One child row: the parent's record and the item's position in the list. */
interface ChildRecord {
  parent: Record<string, unknown>;
  index: number;
  item: Record<string, unknown>;
}

/**
 * Columns computed from a record's fields, where the API has a value no single
 * field holds, placed before the column `before`. Event.date: the event's
 * first day as precisely as the sources give it (YYYY-MM-DD, YYYY-MM or
 * YYYY), one sortable column where the record has startDate, month and year.
 */
const DERIVED_COLUMNS: Record<string, { before: string; column: Column }[]> = {
  events: [
    {
      before: 'year',
      column: {
        name: 'date',
        kind: 'value',
        get: (r) => (r.startDate as string | undefined) ?? (r.month !== undefined ? `${r.year as number}-${String(r.month).padStart(2, '0')}` : String(r.year)),
      },
    },
  ],
};

function recordsOf(store: Store, collection: string): Record<string, unknown>[] {
  return ((store.fixtures as unknown as Record<string, Record<string, unknown>[] | undefined>)[collection] ?? []) as Record<string, unknown>[];
}

function buildTables(): Table[] {
  const tables: Table[] = [];
  const children: Table[] = [];
  for (const [collection, { schema, key }] of Object.entries(COLLECTIONS)) {
    const typename = nodeTypeOf(collection);
    const parentName = singular(collection);
    const childOf = (field: string, element: z.ZodObject) => {
      const name = `${parentName}-${field}`;
      const parentColumn = `${parentName}${typename ? 'Id' : 'Key'}`;
      const columns: Column[] = [
        {
          name: parentColumn,
          kind: typename ? 'reference' : 'value',
          target: typename ? collection : undefined,
          get: (r) => refValue(collection, (r as unknown as ChildRecord).parent[key] as string),
        },
        { name: 'index', kind: 'value', get: (r) => (r as unknown as ChildRecord).index },
        ...columnsOf(
          name,
          element.shape as Record<string, z.ZodType>,
          (r) => (r as unknown as ChildRecord).item,
          '',
          undefined,
          () => {},
        ),
      ];
      if (element === inferenceRecord) {
        // `field` names the record's field as the API does; `column` says where its value is in the parent's CSV.
        columns.splice(columns.findIndex((c) => c.name === 'field') + 1, 0, {
          name: 'column',
          kind: 'list',
          get: (r) => columnsFor((r as unknown as ChildRecord).item.field as string),
        });
      }
      children.push({
        name,
        collection,
        parent: { table: collection, field },
        columns,
        records: (store) =>
          recordsOf(store, collection).flatMap((parent) =>
            ((parent[field] as Record<string, unknown>[] | undefined) ?? []).map(
              (item, i) => ({ parent, index: i + 1, item }) as unknown as Record<string, unknown>,
            ),
          ),
      });
    };
    /** The parent's columns (or child table) that hold a record field. */
    const columnsFor = (field: string): string[] => {
      const names = columns.filter((c) => c.field === field).map((c) => c.name);
      const child = children.find((t) => t.collection === collection && t.parent?.field === field);
      return child ? [...names, child.name] : names;
    };
    const columns = columnsOf(collection, schema.shape as Record<string, z.ZodType>, (r) => r, '', key, childOf);
    // The key first, wherever the schema has it (figures.json's records extend a figure with their `id`).
    columns.unshift(
      ...columns.splice(
        columns.findIndex((c) => c.field === key),
        1,
      ),
    );
    if (typename) columns.unshift({ name: 'id', kind: 'id', get: (r) => encodeGlobalId(typename, r[key] as string) });
    for (const { before, column } of DERIVED_COLUMNS[collection] ?? [])
      columns.splice(
        columns.findIndex((c) => c.name === before),
        0,
        column,
      );
    tables.push({ name: collection, typename, collection, columns, records: (store) => recordsOf(store, collection) });
  }
  // Countries come from the world-countries dataset (src/store/countries.ts), not from a fixture file.
  const countryColumns = ['code', 'alpha2', 'name', 'officialName', 'region', 'subregion', 'flag'].map((name): Column => ({
    name,
    kind: 'value',
    get: (r) => r[name] ?? null,
  }));
  tables.push({
    name: 'countries',
    typename: 'Country',
    collection: 'countries',
    columns: [{ name: 'id', kind: 'id', get: (r) => encodeGlobalId('Country', r.code as string) }, ...countryColumns],
    records: (store) => [...store.countries.values()].sort((a, b) => (a.code < b.code ? -1 : 1)) as unknown as Record<string, unknown>[],
  });
  return [...tables, ...children];
}

/** Every table of the export, collections first, then child tables. */
export const TABLES: readonly Table[] = buildTables();
