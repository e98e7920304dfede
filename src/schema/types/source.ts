/** Source: a document the facts of the graph come from. */
import { builder } from '../../builder.ts';
import type { SourceRecord } from '../../store/records.ts';
import { connectionOf, defineConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { inferencesField } from './inference.ts';

export const SourceRef = builder.loadableNodeRef('Source', {
  id: { resolve: (s: SourceRecord) => s.slug },
  load: batch((store, keys) => store.getSources(keys)),
});

export const SourceKind = builder.enumType('SourceKind', {
  description: 'What kind of document a source is.',
  values: {
    ENCYCLOPEDIA: { description: 'An encyclopedia article.' },
    NEWS: { description: 'A news report.' },
    REPORT: { description: 'A report or commentary by a participant or an organization.' },
    REFERENCE: { description: 'A reference page compiled by a research organization.' },
    OTHER: { description: 'Any other kind of document.' },
  } as const,
});

SourceRef.implement({
  description: 'A source document of the knowledge graph. Every event, actor, office, participation, speech and figure names the sources that state it.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key, for `Query.source(slug:)`.' }),
    title: t.exposeString('title', { description: "The document's title." }),
    kind: t.field({ type: SourceKind, description: 'What kind of document this is.', resolve: (s) => s.kind }),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published the document.' }),
    author: t.exposeString('author', { nullable: true, description: 'The author, where the document names one.' }),
    publishedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'The publication date the document gives, where it gives one.',
      resolve: (s) => s.publishedOn,
    }),
    url: t.exposeString('url', { nullable: true, description: 'Where the document was published, where known.' }),
    modifiedOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'The date the document says it was last modified, where it says.',
      resolve: (s) => s.modifiedOn,
    }),
    dateText: t.exposeString('dateText', {
      nullable: true,
      description: "The document's own dateline (publication or last modification), verbatim, where it has one.",
    }),
    website: t.exposeString('website', {
      nullable: true,
      description: "The publisher's website, where known; not the document's own address (see `url`).",
    }),
    inferences: t.field(inferencesField<SourceRecord>('source')),
    document: t.exposeString('document', { description: 'The file name of the document in the source collection.' }),
  }),
});

export const SourceConnection = defineConnection(SourceRef, 'Source', 'sources');

builder.queryFields((t) => ({
  source: t.field({
    type: SourceRef,
    nullable: true,
    description: 'A source document by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: "The source's slug." }) },
    resolve: (_root, { slug }) => slug,
  }),
  sources: t.connection(
    {
      type: SourceRef,
      description: 'Every source document, by title.',
      resolve: (_root, args, ctx) => connectionOf(ctx.store.sourceList(), args, (keys) => ctx.store.getSources(keys)),
    },
    SourceConnection,
  ),
}));
