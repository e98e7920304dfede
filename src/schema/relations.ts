/**
 * Batched relationship lists. A field such as `Event.participations` asks
 * the store for one owner's list; under a list of 20 events that would be
 * 20 store calls. Here each relationship has a per-request DataLoader whose
 * batch is one call of the store's plural method (`participationsOfEvents`
 * for many events at once), so a nested connection or list costs one store
 * call per tree level, whatever the number of parents.
 *
 * The loaders live for one request: they are kept per context object (a
 * WeakMap, as Pothos keeps its own loaders), never shared between requests.
 */
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import type { KeyList, Store } from '../store/store.js';
import { connectionOf } from './connections.js';
import type { PageArgs } from './paging.js';

type Batch<T> = (store: Store, keys: readonly string[]) => readonly T[];

const loadersByContext = new WeakMap<Context, Map<string, DataLoader<string, unknown>>>();

/**
 * Loads the relationship `name` of the record with `key` through the
 * request's loader for `name`. Fields that pass the same name must pass the
 * same batch function; a filtered relationship puts its filter in the name.
 */
export function loadRelation<T>(ctx: Context, name: string, batch: Batch<T>, key: string): Promise<T> {
  let loaders = loadersByContext.get(ctx);
  if (!loaders) {
    loaders = new Map();
    loadersByContext.set(ctx, loaders);
  }
  let loader = loaders.get(name) as DataLoader<string, T> | undefined;
  if (!loader) {
    loader = new DataLoader<string, T>(async (keys) => batch(ctx.store, keys) as T[]);
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader.load(key);
}

/** A connection page over a batched relationship list. */
export function relationConnection(ctx: Context, name: string, batch: Batch<KeyList>, key: string, args: PageArgs) {
  return loadRelation(ctx, name, batch, key).then((list) => connectionOf(list, args));
}
