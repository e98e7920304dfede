/** Imports every type file (each registers its types and Query fields), then builds the schema. */
import { builder } from '../builder.js';
import './types/claim.js';
import './types/country.js';
import './types/event.js';
import './types/figure.js';
import './types/node.js';
import './types/organization.js';
import './types/participation.js';
import './types/party.js';
import './types/person.js';
import './types/position.js';
import './types/search.js';
import './types/source.js';
import './types/speech.js';

export const schema = builder.toSchema({ sortSchema: true });
