/**
 * Persisted operations: a client sends a hash instead of the query text.
 *
 * - Apollo's Automatic Persisted Queries (`extensions.persistedQuery`,
 *   `{ version: 1, sha256Hash }`): a hash the server does not know answers
 *   `PersistedQueryNotFound` (`PERSISTED_QUERY_NOT_FOUND`), upon which
 *   Apollo's PersistedQueryLink sends the query with its hash; the server
 *   checks that the hash is the query's and keeps the text in a store
 *   bounded in bytes, so that later requests may send the hash alone.
 * - Trusted documents: `persisted-documents.json` (written by `npm run
 *   persist`) maps the SHA-256 of every operation the project ships to its
 *   text. A client names one with `documentId: "sha256:<hex>"`, as in the
 *   GraphQL-over-HTTP persisted documents appendix, or by its APQ hash. With
 *   `trustedDocuments: 'only'` (TRUSTED_DOCUMENTS=only) no other document
 *   runs.
 *
 * One Yoga plugin does both in `onParams`, placed before every plugin that
 * reads the query (the query length limit, a deployer's plugins, the
 * response cache): from there on, a request for a persisted document is an
 * ordinary request with its query text, keyed and cached like any other,
 * so a hash-only GET gets the same ETag, Cache-Control and 304 as the GET
 * with the full text.
 *
 * Why not @graphql-yoga/plugin-persisted-operations: it looks up an id but
 * neither registers APQ documents nor checks a hash against its query; it
 * answers every request without a query with its own "key not found" error
 * (replacing Yoga's parameter checks that the graphql-http audit pins); and
 * its switch for arbitrary operations sees the request, not the document,
 * so it cannot let the manifest's documents through as text in `only`
 * mode. What is left of it here is a Map lookup and a setParams.
 * (@graphql-yoga/plugin-apq cannot be installed beside @graphql-tools/utils 11.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { LIMITS } from '../limits.ts';

/** The committed manifest of trusted documents: SHA-256 (hex) -> document text. */
export const MANIFEST_FILE = fileURLToPath(new URL('../../persisted-documents.json', import.meta.url));

/** What TRUSTED_DOCUMENTS may be: `allow` runs any document, `only` runs the manifest's documents only. */
export const TRUSTED_DOCUMENTS_MODES = ['allow', 'only'] as const;
export type TrustedDocumentsMode = (typeof TRUSTED_DOCUMENTS_MODES)[number];

/** The lowercase hexadecimal SHA-256 of a document's text (UTF-8), as APQ and the manifest use it. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const DOCUMENT_ID = /^sha256:([0-9a-f]{64})$/;

export interface PersistedQueryStoreOptions {
  /** Most bytes of registered documents kept, keys included (default 8 MB); least recently used first out. */
  maxBytes?: number;
}

const ENTRY_OVERHEAD = 120;

/** Documents registered through APQ, by hash; bounded in bytes, keys included. */
export class PersistedQueryStore {
  readonly maxBytes: number;
  private readonly documents: LRUCache<string, string>;

  constructor({ maxBytes = 8 * 1024 * 1024 }: PersistedQueryStoreOptions = {}) {
    this.maxBytes = maxBytes;
    this.documents = new LRUCache({
      maxSize: maxBytes,
      // Two bytes per character (the worst case of a JS string), plus the entry's own bookkeeping.
      sizeCalculation: (document, hash) => 2 * (hash.length + document.length) + ENTRY_OVERHEAD,
    });
  }

  get(hash: string): string | undefined {
    return this.documents.get(hash);
  }

  /** Keeps `document` under its hash; one larger than the whole budget is not kept (lru-cache skips it). */
  set(hash: string, document: string): void {
    this.documents.set(hash, document);
  }

  get size(): number {
    return this.documents.size;
  }

  /** Bytes held, by the accounting above. */
  get bytes(): number {
    return this.documents.calculatedSize;
  }
}

const manifests = new Map<string, ReadonlyMap<string, string>>();

/**
 * The trusted documents of a manifest file (read once per file): a JSON
 * object from lowercase SHA-256 hex to the document's text. A key that is
 * not its document's hash stops the server with a message naming it.
 */
export function loadManifest(file: string = MANIFEST_FILE): ReadonlyMap<string, string> {
  const known = manifests.get(file);
  if (known) return known;
  const fail = (problem: string) => new Error(`${file}: ${problem} Run \`npm run persist\` to write it again.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw fail(`cannot be read as JSON (${(error as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail('must be a JSON object from SHA-256 hash to document.');
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string' || sha256Hex(document) !== hash) throw fail(`the entry ${JSON.stringify(hash)} is not the SHA-256 of its document.`);
    manifest.set(hash, document);
  }
  manifests.set(file, manifest);
  return manifest;
}

export interface PersistedOperationsOptions {
  /** `allow` (default): any document runs; `only`: the manifest's documents only. */
  trustedDocuments?: TrustedDocumentsMode;
  /** The trusted documents (default: persisted-documents.json). */
  manifest?: ReadonlyMap<string, string>;
  /** Where APQ documents are kept. */
  store?: PersistedQueryStore;
}

/** A refusal before anything runs: 400 with application/graphql-response+json, and never kept by a cache. */
function refusal(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...extensions, http: { spec: true, status: 400, headers: { 'cache-control': 'no-store' } } },
  });
}

/** A client's value, short enough to quote in a message (objects are named, not printed: they may nest deeply). */
function shown(value: unknown): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.length <= 80 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 72))}… (${value.length} characters)`;
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

const PERSISTED_QUERY_FORM = '`extensions.persistedQuery` must be an object `{ "version": 1, "sha256Hash": "<64 hexadecimal characters>" }`';
const DOCUMENT_ID_FORM = '`documentId` must be "sha256:" followed by the 64 lowercase hexadecimal characters of the document\'s SHA-256';

/**
 * The `documentId` of a request: a POST body's member, or a GET query
 * parameter (Yoga's GET parser drops it). The query string is parsed, not
 * searched: a name may be percent-encoded (`document%49d`), as Yoga's own
 * parser reads `query`.
 */
function documentIdOf(request: Request, params: Record<string, unknown>): unknown {
  if (request.method === 'GET') {
    const at = request.url.indexOf('?');
    if (at === -1) return undefined;
    return new URLSearchParams(request.url.slice(at + 1)).get('documentId') ?? undefined;
  }
  return params.documentId ?? undefined;
}

/** The plugin: resolves hashes and `documentId` to query text, registers APQ documents, enforces TRUSTED_DOCUMENTS. */
export function persistedOperationsPlugin({
  trustedDocuments = 'allow',
  manifest = loadManifest(),
  store = new PersistedQueryStore(),
}: PersistedOperationsOptions = {}): Plugin {
  if (!TRUSTED_DOCUMENTS_MODES.includes(trustedDocuments)) {
    throw new Error(`trustedDocuments must be ${TRUSTED_DOCUMENTS_MODES.join(' or ')}; got ${JSON.stringify(trustedDocuments)}.`);
  }
  const only = trustedDocuments === 'only';
  return {
    onParams({ request, params, setParams }) {
      if (request.method !== 'GET' && request.method !== 'POST') return;
      const raw = params as Record<string, unknown>;
      let query = raw.query;
      const extensions = raw.extensions;
      // Extensions that are not an object are refused by Yoga's parameter checks (POST) or queryStringPlugin (GET).
      const persisted =
        extensions !== null && typeof extensions === 'object' && !Array.isArray(extensions) && 'persistedQuery' in extensions
          ? { value: (extensions as Record<string, unknown>).persistedQuery }
          : undefined;
      const documentId = documentIdOf(request, raw);
      /** The hash of the document that runs, when already known. */
      let hash: string | undefined;

      if (documentId !== undefined) {
        if (typeof documentId !== 'string' || !DOCUMENT_ID.test(documentId)) throw refusal(`${DOCUMENT_ID_FORM}; got ${shown(documentId)}.`, 'BAD_REQUEST');
        if (query != null) throw refusal('Send either `query` or `documentId`, not both.', 'BAD_REQUEST');
        if (persisted) throw refusal('Send either `documentId` or `extensions.persistedQuery`, not both.', 'BAD_REQUEST');
        hash = documentId.slice('sha256:'.length);
        query = manifest.get(hash);
        if (query === undefined) {
          throw refusal(
            `No persisted document has the documentId ${shown(documentId)}. This server knows the documents of its manifest (persisted-documents.json, written by \`npm run persist\`).`,
            'PERSISTED_DOCUMENT_NOT_FOUND',
          );
        }
        const { documentId: _sent, ...rest } = raw;
        setParams({ ...rest, query } as typeof params);
      } else if (persisted) {
        const value = persisted.value;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw refusal(`${PERSISTED_QUERY_FORM}; got ${shown(value)}.`, 'BAD_REQUEST');
        const { version, sha256Hash } = value as Record<string, unknown>;
        if (version !== 1) {
          throw refusal(
            `Unsupported persisted query version: \`extensions.persistedQuery.version\` must be 1 (Apollo's Automatic Persisted Queries); got ${shown(version)}.`,
            'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
          );
        }
        if (typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash)) {
          throw refusal(
            `\`extensions.persistedQuery.sha256Hash\` must be the query's SHA-256 as 64 hexadecimal characters; got ${shown(sha256Hash)}.`,
            'BAD_REQUEST',
          );
        }
        const claimed = sha256Hash.toLowerCase();
        if (query == null) {
          query = manifest.get(claimed) ?? store.get(claimed);
          // Apollo's PersistedQueryLink recognises this message and code, and sends the query with its hash.
          if (query === undefined) throw refusal('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND');
          hash = claimed;
          setParams({ ...raw, query } as typeof params);
        } else if (typeof query === 'string') {
          hash = sha256Hex(query);
          if (hash !== claimed) {
            throw refusal(
              `\`extensions.persistedQuery.sha256Hash\` is not the SHA-256 of the query: the query's is ${hash}, the request says ${claimed}. Hash the exact text sent as \`query\` (UTF-8).`,
              'PERSISTED_QUERY_HASH_MISMATCH',
            );
          }
          // Registered as sent; a longer text than the query length limit is refused after this plugin.
          if (!only && query.length <= LIMITS.maxQueryLength && !manifest.has(hash)) store.set(hash, query);
        }
        // A query that is not a string is refused by Yoga's parameter checks.
      }

      if (only && typeof query === 'string' && !manifest.has(hash ?? sha256Hex(query))) {
        throw refusal(
          'This server runs with TRUSTED_DOCUMENTS=only: it runs only the documents of its manifest (persisted-documents.json), sent by `documentId`, by `extensions.persistedQuery` hash, or as their exact text. This document is not one of them.',
          'DOCUMENT_NOT_TRUSTED',
        );
      }
    },
  };
}
