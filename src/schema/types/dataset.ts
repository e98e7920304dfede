/** Dataset: what this API serves, by version, so a researcher can cite what they queried (Query.dataset). */
import { builder } from '../../builder.ts';
import { countsOf, EXPORT_PATH, type TableCount } from '../../export/build.ts';
import { datasetVersion } from '../../export/dataset.ts';
import type { Store } from '../../store/store.ts';
import { SourceRef } from './source.ts';

const DatasetCountRef = builder.objectRef<TableCount>('DatasetCount');

DatasetCountRef.implement({
  description: 'How many records one collection of the dataset holds, and the file of the bulk export that lists them.',
  fields: (t) => ({
    collection: t.exposeString('table', {
      description:
        'The collection, e.g. "events", or, for a list kept inside records of another collection, "<record>-<list>", e.g. "event-figures" (an event\'s reported figures).',
    }),
    typename: t.exposeString('typename', {
      nullable: true,
      description: 'The GraphQL type of its records where they are nodes (refetchable with `node(id:)`), e.g. "Event"; null otherwise.',
    }),
    count: t.exposeInt('rows', { description: 'How many records it holds (the rows of its CSV file).' }),
    file: t.string({ description: 'Where its CSV file is served, e.g. "/export/events.csv".', resolve: (c) => `${EXPORT_PATH}/${c.file}` }),
  }),
});

const DatasetRef = builder.objectRef<Store>('Dataset');

DatasetRef.implement({
  description:
    'The dataset this API serves: its version, what it holds and the documents it comes from. Cite the version with what you queried; the bulk export at /export carries the same version.',
  fields: (t) => ({
    version: t.string({
      description:
        'The version of the data: 16 hex digits of a SHA-256 hash of every record (the fixtures and the country list). The same data always has the same version; any change to a record gives a new one. The bulk export gives it in its listing, in graph.json and in the `Dataset-Version` header.',
      resolve: (store) => datasetVersion(store),
    }),
    recordCounts: t.field({
      type: [DatasetCountRef],
      description: 'How many records each collection holds, in the order of the export listing: the collections, then the lists kept inside records.',
      resolve: (store) => countsOf(store),
    }),
    sources: t.field({
      type: [SourceRef],
      description: 'Every source document the data comes from, by title.',
      resolve: (store) => {
        const list = store.sourceList();
        return Array.from({ length: list.length }, (_, i) => list.at(i));
      },
    }),
    exportPath: t.string({
      description: 'Where the bulk export is listed: "/export" (CSV files per collection and graph.json, the whole graph as one JSON document).',
      resolve: () => EXPORT_PATH,
    }),
  }),
});

builder.queryFields((t) => ({
  dataset: t.field({
    type: DatasetRef,
    description: 'The dataset this API serves: its version (to cite), its record counts and its source documents.',
    resolve: (_root, _args, ctx) => ctx.store,
  }),
}));
