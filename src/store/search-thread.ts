/**
 * Full-text search on a worker thread. The index is built there from the
 * fixture files while the main thread validates and indexes the same files,
 * so on a machine with two cores start-up takes the longer of the two
 * rather than their sum; the index (about a third of the store's memory)
 * lives in the worker's heap, where the main thread's garbage collector
 * never has to walk it; and a search costs one message each way.
 */
import { Worker } from 'node:worker_threads';
import { SEARCH_KINDS, type SearchHit, type SearchKind } from './search.js';
import type { SearchReply, SearchRequest, SearchThreadStatus } from './search-worker.js';

/** Anything that answers searches: the in-process SearchIndex or a SearchThread. */
export interface Searcher {
  search(query: string, kinds?: ReadonlySet<SearchKind>): SearchHit[] | Promise<SearchHit[]>;
  close?(): Promise<void>;
  /** Bytes used by the searcher's own heap, when it has one (after a full GC where Node exposes it). */
  heapUsed?(): Promise<number>;
}

export class SearchThread implements Searcher {
  /** Resolves with the index's build time in milliseconds; rejects if it could not be built or the thread failed. */
  readonly ready: Promise<number>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: SearchReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;
  private settleReady!: { resolve: (ms: number) => void; reject: (error: Error) => void };

  constructor(dir: string) {
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.ready.catch(() => {}); // awaited by openStore; a failure before then is not unhandled
    this.worker = new Worker(new URL('./search-worker.mjs', import.meta.url), { workerData: { dir }, name: 'search' });
    this.worker.on('message', (message: SearchThreadStatus | SearchReply) => {
      if ('type' in message) {
        if (message.type === 'ready') {
          this.settleReady.resolve(message.ms);
          this.worker.unref(); // idle, it does not keep the process alive; see search()
        } else {
          this.fail(new Error(`The search index could not be built: ${message.error}`));
        }
        return;
      }
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('error' in message) request.reject(new Error(`Search failed: ${message.error}`));
      else request.resolve(message);
    });
    this.worker.on('error', (error) => this.fail(new Error(`The search thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`The search thread stopped (exit code ${code}).`)));
  }

  async search(query: string, kinds?: ReadonlySet<SearchKind>): Promise<SearchHit[]> {
    const reply = await this.request({ id: this.nextId++, query, kinds: kinds ? [...kinds] : undefined });
    if (!('keys' in reply)) throw new Error('The search thread answered a search with something else.');
    return reply.keys.map((key, i) => ({ kind: SEARCH_KINDS[reply.kinds[i]!]!, key, score: reply.scores[i]! }));
  }

  async heapUsed(): Promise<number> {
    const reply = await this.request({ id: this.nextId++, heap: true });
    if (!('heapUsed' in reply)) throw new Error('The search thread answered a memory question with something else.');
    return reply.heapUsed;
  }

  private request(message: SearchRequest): Promise<SearchReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref(); // a request in flight keeps the process alive
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  /** Stops the thread; searches in flight and later ones fail. */
  async close(): Promise<void> {
    this.fail(new Error('The search thread was closed.'));
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.settleReady.reject(error);
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }
}
