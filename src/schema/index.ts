/** Imports every type file (each registers its types and Query fields), then builds the schema. */
import { GraphQLSchema } from 'graphql';
import { builder } from '../builder.ts';
import { deferDirective, streamDirective } from './directives.ts';
import './types/absence.ts';
import './types/attendance.ts';
import './types/claim.ts';
import './types/country.ts';
import './types/dataset.ts';
import './types/event.ts';
import './types/event-details.ts';
import './types/figure.ts';
import './types/inference.ts';
import './types/node.ts';
import './types/organization.ts';
import './types/partial-date.ts';
import './types/participation.ts';
import './types/party.ts';
import './types/person.ts';
import './types/position.ts';
import './types/search.ts';
import './types/source.ts';
import './types/speech.ts';
import './types/statement.ts';
import './types/topic.ts';

/** What the graph is and where to start: GraphiQL's Docs pane opens on it. */
const DESCRIPTION = `A knowledge graph of the meetings the Communist Party of China holds with the world's political parties: the 2021 CPC and World Political Parties Summit, the 2017 and 2023 High-level Meetings, and the briefings, joint statements and conferences around them. Every fact names the source document it comes from.

Start from \`events\` (or \`event(slug:)\`, e.g. "cpc-and-world-political-parties-summit-2021") and follow \`participations\` to parties, people and countries; or from \`parties\`, \`people\`, \`countries\` and \`organizations\`; or \`search(query:)\` across all of them. Every object has a global \`id\` that \`node(id:)\` refetches; every list that can grow is a Relay connection (\`first\`/\`after\`, \`last\`/\`before\`, \`totalCount\`, \`nodes\`). Where sources disagree, \`claims\` and \`reportedFigures\` keep each source's value.`;

const config = builder.toSchema({ sortSchema: true }).toConfig();

/** The schema: Pothos's, with the description above (Pothos's toSchema takes none) and `@defer`/`@stream` (./directives.ts). */
export const schema = new GraphQLSchema({ ...config, description: DESCRIPTION, directives: [...config.directives, deferDirective, streamDirective] });
