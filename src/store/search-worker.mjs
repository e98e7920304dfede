// Entry of the search thread (see search-thread.ts). A worker thread does
// not inherit the main thread's TypeScript loader, so it registers tsx
// before loading the TypeScript module that does the work.
import { register } from 'tsx/esm/api';

register();
await import('./search-worker.ts');
