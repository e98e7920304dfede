/**
 * Starts the real server (`node src/server.ts`) as a child
 * process on 127.0.0.1 with a free port, for the tests, the browser tests
 * and the soak benchmark. Resolves once the server prints its URL; rejects
 * with everything it printed if it exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  child: ChildProcess;
  /** Resolves when the process exits, with its code and everything it printed. */
  exited: Promise<{ code: number | null; output: string }>;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
  /** Resolves when the server has printed a line matching `pattern` (rejects if it exits first or after `timeoutMs`). */
  printed(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** How long the server may take to start before it is killed. */
const START_TIMEOUT_MS = 30_000;

export function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['src/server.ts'], {
    cwd: root,
    // No drain period unless a test asks for one: stopping a server then takes no extra time.
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DRAIN_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const watchers = new Set<() => void>();
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const check of watchers) check();
      const match = /(http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          child,
          exited,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
          printed: (pattern, timeoutMs = 10_000) =>
            new Promise<string>((resolvePrinted, rejectPrinted) => {
              const done = (fn: () => void) => {
                watchers.delete(check);
                clearTimeout(timeout);
                fn();
              };
              const check = () => {
                const found = pattern.exec(output);
                if (found) done(() => resolvePrinted(found[0]));
              };
              const timeout = setTimeout(
                () => done(() => rejectPrinted(new Error(`the server did not print ${pattern} within ${timeoutMs} ms:\n${output}`))),
                timeoutMs,
              );
              watchers.add(check);
              void exited.then(() =>
                done(() =>
                  pattern.exec(output)
                    ? resolvePrinted(pattern.exec(output)![0])
                    : rejectPrinted(new Error(`the server exited without printing ${pattern}:\n${output}`)),
                ),
              );
              check();
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}
