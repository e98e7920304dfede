/**
 * Batch functions for the per-request DataLoaders of node types. Pothos's
 * dataloader plugin creates one loader per type per request (cached on the
 * context), so each batch is one counted store call.
 */
import type { Context } from '../context.ts';
import type { Store } from '../store/store.ts';

/**
 * Adapts a store batch getter to a loader batch function. A key with no
 * record loads as null (the lookup fields answer null for unknown keys;
 * fixture validation guarantees every stored reference exists).
 */
export function batch<T>(get: (store: Store, keys: readonly string[]) => (T | undefined)[]) {
  return async (keys: string[], ctx: Context): Promise<T[]> => get(ctx.store, keys).map((r) => r ?? null) as T[];
}
