/**
 * Global IDs: base64 of "Type:key", as Pothos's relay plugin encodes them.
 * Decoding never throws: a malformed ID decodes to null, so `node` and
 * `nodes` can answer null, and filters can name what was wrong.
 */
import { badInput } from './errors.ts';

export const NODE_TYPES = [
  'Event',
  'Party',
  'Person',
  'Organization',
  'Country',
  'Source',
  'Participation',
  'Speech',
  'Statement',
  'Topic',
  'Absence',
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];
const NODE_TYPE_SET = new Set<string>(NODE_TYPES);

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decodeGlobalId(id: string): { typename: NodeTypeName; key: string } | null {
  if (id.length === 0 || id.length > 1000 || !BASE64.test(id)) return null;
  const decoded = Buffer.from(id, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  const typename = decoded.slice(0, colon);
  if (!NODE_TYPE_SET.has(typename)) return null;
  return { typename: typename as NodeTypeName, key: decoded.slice(colon + 1) };
}

export function encodeGlobalId(typename: NodeTypeName, key: string): string {
  return Buffer.from(`${typename}:${key}`, 'utf8').toString('base64');
}

/**
 * Decodes a filter argument that must be the global ID of one of `types`;
 * anything else is a client error naming the argument and the types allowed.
 */
export function globalIdOf<T extends NodeTypeName>(id: string, types: readonly T[], argument: string): { typename: T; key: string } {
  const decoded = decodeGlobalId(id);
  if (!decoded || !(types as readonly string[]).includes(decoded.typename)) {
    const allowed = types.length === 1 ? `an ${types[0]}` : `a ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
    throw badInput(`\`${argument}\` must be the global ID of ${allowed.replace(/^an (?=[^AEIOU])/, 'a ')}; got ${JSON.stringify(id)}.`, argument);
  }
  return decoded as { typename: T; key: string };
}
