/**
 * The dataset's identity: a version computed from its content, so that a
 * researcher can cite exactly what they queried or downloaded, and the same
 * data always has the same version (on any machine, after any restart).
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.ts';

/** JSON with every object's keys sorted, so that equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

const versions = new WeakMap<object, string>();

/**
 * The dataset's version: the first 16 hex digits of the SHA-256 of the
 * canonical JSON of the validated fixture records (every collection, in
 * file order) and the country list. It changes when any record changes and
 * not when a fixture file is only reformatted. Computed once per store (the
 * store is immutable); keyed on its records, which a request's view of the
 * store shares.
 */
export function datasetVersion(store: Store): string {
  let version = versions.get(store.fixtures);
  if (version === undefined) {
    const fixtures = store.fixtures as unknown as Record<string, unknown>;
    const content = canonicalJson({ fixtures, countries: [...store.countries.values()] });
    version = createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 16);
    versions.set(store.fixtures, version);
  }
  return version;
}
