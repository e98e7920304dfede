/**
 * Full-text search on a worker thread. The index is built there from the
 * fixture files while the main thread validates and indexes the same files,
 * so on a machine with two cores start-up takes about the longer of the two
 * rather than their sum (at 1000x: 5.2 s rather than 7.0 s); the index
 * (about half of the store's memory) lives in the worker's heap, where the
 * main thread's garbage collector never has to walk it; and a search costs
 * one message each way.
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
  /** Resolves with the index's build time in milliseconds; rejects if it could not be built. */
  readonly ready: Promise<number>;
  private worker!: Worker;
  /** Whether `worker` can still answer (it has not failed or stopped). */
  private alive = false;
  /** Readiness of `worker`: a search waits for it while a replacement is being built. */
  private current!: Promise<number>;
  private readonly pending = new Map<number, { resolve: (reply: SearchReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Set when searching cannot work any more: the index could not be built, or the thread was closed. */
  private failure: Error | undefined;

  constructor(private readonly dir: string) {
    this.ready = this.start();
  }

  /**
   * Starts a thread that builds the index. If a thread that was serving
   * stops (a crash, or running out of memory), a new one is started and
   * searches wait for its index; searches in flight on the lost thread fail.
   */
  private start(): Promise<number> {
    const worker = new Worker(new URL('./search-worker.mjs', import.meta.url), { workerData: { dir: this.dir }, name: 'search' });
    let settle!: { resolve: (ms: number) => void; reject: (error: Error) => void };
    const ready = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => {}); // awaited by openStore and by searches; a failure before then is not unhandled
    this.worker = worker;
    this.alive = true;
    this.current = ready;
    let built = false;
    let lost = false;
    const lose = (error: Error) => {
      if (lost) return;
      lost = true;
      this.alive = false;
      settle.reject(error);
      for (const request of this.pending.values()) request.reject(error);
      this.pending.clear();
      if (this.failure) return;
      if (built) {
        console.error(`summit-graph: ${error.message} Building the search index again.`);
        this.start();
      } else {
        this.failure = error;
      }
    };
    worker.on('message', (message: SearchThreadStatus | SearchReply) => {
      if ('type' in message) {
        if (message.type === 'ready') {
          built = true;
          settle.resolve(message.ms);
          if (this.pending.size === 0) worker.unref(); // idle, it does not keep the process alive; see request()
        } else {
          lose(new Error(`The search index could not be built: ${message.error}`));
          void worker.terminate();
        }
        return;
      }
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in message) request.reject(new Error(`Search failed: ${message.error}`));
      else request.resolve(message);
    });
    worker.on('error', (error) => lose(new Error(`The search thread failed: ${error.message}.`)));
    worker.on('exit', (code) => lose(new Error(`The search thread stopped (exit code ${code}).`)));
    return ready;
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

  private async request(message: SearchRequest): Promise<SearchReply> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (!this.alive) {
        // A replacement is being built: wait for it (or for its failure, then loop to report it).
        await this.current.catch(() => {});
        continue;
      }
      await this.current; // resolved unless the first build is still running
      if (!this.alive) continue;
      return new Promise((resolve, reject) => {
        if (this.pending.size === 0) this.worker.ref(); // a request in flight keeps the process alive
        this.pending.set(message.id, { resolve, reject });
        this.worker.postMessage(message);
      });
    }
  }

  /** Stops the thread; searches in flight and later ones fail. */
  async close(): Promise<void> {
    this.failure ??= new Error('The search thread was closed.');
    for (const request of this.pending.values()) request.reject(this.failure);
    this.pending.clear();
    await this.worker.terminate();
  }
}
