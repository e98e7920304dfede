/**
 * Writes persisted-documents.json (`npm run persist`): the trusted documents,
 * every operation the project ships, by the SHA-256 of its exact text (what
 * the client sends as `query`, so the same text also runs under
 * TRUSTED_DOCUMENTS=only):
 *
 * - the ready-made questions in examples/*.graphql (GraphiQL's tabs send each file's text),
 * - GraphiQL's default query (DEFAULT_QUERY in src/yoga.ts),
 * - the network view's document (src/explorer/public/explore.graphql, sent whole with an operationName),
 * - the typed client's operations (GraphQL Code Generator's strings in examples/client/src/gql/graphql.ts).
 *
 * Each must parse; validating them is left to the tests that run them
 * through the app (test/examples.test.ts, `npm run client:check`), where
 * the directives Yoga's plugins add (@defer, @stream) are known. With
 * --check, exits 1 when the committed file differs instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'graphql';
import * as typedClient from '../examples/client/src/gql/graphql.ts';
import { loadExamples } from '../src/explorer/examples.ts';
import { EXPLORE_QUERIES_FILE } from '../src/explorer/plugin.ts';
import { MANIFEST_FILE, sha256Hex } from '../src/perf/persisted.ts';
import { DEFAULT_QUERY } from '../src/yoga.ts';

export interface ShippedDocument {
  /** Where the document comes from, for messages. */
  origin: string;
  text: string;
}

/** Every operation document the project ships, in a fixed order. */
export function shippedDocuments(): ShippedDocument[] {
  const client = Object.entries(typedClient)
    .filter(([name]) => name.endsWith('Document'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, document]) => ({ origin: `examples/client (${name})`, text: String(document) }));
  return [
    ...loadExamples().map((example) => ({ origin: `examples/${example.file}`, text: example.document })),
    { origin: 'GraphiQL default query (src/yoga.ts)', text: DEFAULT_QUERY },
    { origin: 'src/explorer/public/explore.graphql', text: readFileSync(EXPLORE_QUERIES_FILE, 'utf8') },
    ...client,
  ];
}

/** The manifest's text: a JSON object from SHA-256 (hex) to document, sorted by hash. */
export function manifestText(documents: ShippedDocument[] = shippedDocuments()): string {
  const entries = new Map<string, string>();
  for (const { origin, text } of documents) {
    try {
      parse(text);
    } catch (error) {
      throw new Error(`${origin} is not a GraphQL document: ${(error as Error).message}`);
    }
    entries.set(sha256Hex(text), text);
  }
  const sorted = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

function main(args: string[]): number {
  const text = manifestText();
  if (args.includes('--check')) {
    let current: string | undefined;
    try {
      current = readFileSync(MANIFEST_FILE, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) {
      console.error('persisted-documents.json is out of date: run `npm run persist` and commit the result.');
      return 1;
    }
    console.log('persisted-documents.json is up to date.');
    return 0;
  }
  writeFileSync(MANIFEST_FILE, text);
  console.log(`wrote ${MANIFEST_FILE} (${Object.keys(JSON.parse(text) as object).length} documents)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
