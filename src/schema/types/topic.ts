/** Topic: a subject or initiative that runs through the documents. */
import { builder } from '../../builder.ts';
import type { TopicRecord } from '../../store/records.ts';
import { connectionOf, defineConnection, pagesOf, relationConnection } from '../connections.ts';
import { batch } from '../loaders.ts';
import { EventConnection } from './event.ts';
import { ReportedFigureRef } from './figure.ts';
import { inferencesField } from './inference.ts';
import { SourceRef } from './source.ts';
import { SpeechConnection } from './speech.ts';
import { StatementConnection } from './statement.ts';

export const TopicRef = builder.loadableNodeRef('Topic', {
  id: { resolve: (t: TopicRecord) => t.slug },
  load: batch((store, keys) => store.getTopics(keys)),
});

TopicRef.implement({
  description:
    'A subject or initiative that runs through the documents, e.g. the Belt and Road Initiative or "a community with a shared future for mankind", with the events, speeches and statements that take it up.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key, e.g. "belt-and-road-initiative", for `Query.topic(slug:)`.' }),
    name: t.exposeString('name', { description: "The topic's name in English." }),
    alternateNames: t.exposeStringList('alternateNames', { description: 'Other wordings the sources use for it.' }),
    summary: t.exposeString('summary', { description: 'What the topic is, as the documents present it, written for this graph.' }),
    events: t.loadable({
      ...relationConnection,
      type: EventConnection,
      description: 'Events that take up the topic, by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.eventsOfTopics(slugs), args, (keys) => ctx.store.getEvents(keys)),
      resolve: (topic) => topic.slug,
    }),
    speeches: t.loadable({
      ...relationConnection,
      type: SpeechConnection,
      description: 'Speeches that take up the topic, by event date and programme order.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.speechesOfTopics(slugs), args, (keys) => ctx.store.getSpeeches(keys)),
      resolve: (topic) => topic.slug,
    }),
    statements: t.loadable({
      ...relationConnection,
      type: StatementConnection,
      description: 'Statements that take up the topic, by date.',
      args: t.arg.connectionArgs(),
      load: async (slugs: string[], ctx, args) => pagesOf(ctx.store.statementsOfTopics(slugs), args, (keys) => ctx.store.getStatements(keys)),
      resolve: (topic) => topic.slug,
    }),
    reportedFigures: t.loadableList({
      type: ReportedFigureRef,
      description: 'Figures the sources give about the topic, each with its text and source.',
      load: async (slugs: string[], ctx) => ctx.store.figuresOfTopics(slugs),
      resolve: (topic) => topic.slug,
    }),
    sources: t.field({ type: [SourceRef], description: 'The sources that take up the topic.', resolve: (topic) => topic.sources }),
    inferences: t.field(inferencesField<TopicRecord>('topic')),
  }),
});

export const TopicConnection = defineConnection(TopicRef, 'Topic', 'topics');

builder.queryFields((t) => ({
  topic: t.field({
    type: TopicRef,
    nullable: true,
    description: 'A topic by slug, e.g. "belt-and-road-initiative"; null when there is none.',
    args: { slug: t.arg.string({ required: true, description: "The topic's slug." }) },
    resolve: (_root, { slug }) => slug,
  }),
  topics: t.connection(
    {
      type: TopicRef,
      description: 'Every topic, by name.',
      resolve: (_root, args, ctx) => connectionOf(ctx.store.topicList(), args, (keys) => ctx.store.getTopics(keys)),
    },
    TopicConnection,
  ),
}));
