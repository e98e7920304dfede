/**
 * Runs the client example against a running server:
 *
 *   npm start &
 *   node --import tsx examples/client/src/main.ts http://localhost:4000/graphql
 */
import { createClient } from './client.js';
import { allParties, refetchParty } from './parties.js';

const endpoint = process.argv[2] ?? 'http://localhost:4000/graphql';
const client = createClient(endpoint);

let first: string | undefined;
let seen = 0;
for await (const page of allParties(client, 25)) {
  for (const row of page.rows) {
    first ??= row.id;
    seen += 1;
    console.log(
      `${String(seen).padStart(3)}/${page.totalCount}  ${row.name}${row.abbreviation ? ` (${row.abbreviation})` : ''}${row.country ? `, ${row.country}` : ''}`,
    );
  }
}
if (first) {
  const party = await refetchParty(client, first);
  console.log(`\nRefetched ${first} through node(id:): ${party?.name}, ${party?.participations} participation(s).`);
}
