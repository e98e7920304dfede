/**
 * `npm run stack`: REPLICAS (default 2) servers on loopback ports, and nginx
 * in front of them on HOST:PORT (default 127.0.0.1:8080) as a caching load
 * balancer (deploy/nginx.conf). Prints `replica <n> pid <pid> port <port>`
 * for each replica once it is ready, then
 * `stack ready at http://127.0.0.1:<PORT>/graphql`.
 *
 * A supervisor: a replica that exits while the stack runs (after SIGTERM,
 * a crash or SIGKILL) is started again on the same port, and its line is
 * printed again with the new pid once it is ready; so a rolling restart is
 * SIGTERM to each replica in turn. SIGTERM or SIGINT to the stack stops
 * everything (replicas drain, nginx finishes its requests) and removes its
 * folder; a second signal kills everything at once.
 *
 * nginx runs in the foreground as the current user, with every file it
 * writes (pid, cache, temporary files, access log) in a folder of its own
 * (STACK_DIR, default a new temporary folder, removed at the end).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The nginx configuration template (placeholders `${NGINX_...}`). */
export const NGINX_TEMPLATE = join(root, 'deploy', 'nginx.conf');

/**
 * How a replica is run, from the repository's root: what `npm start` runs.
 * The container image runs the same (Dockerfile CMD; test/stack/image.test.ts).
 */
export const REPLICA_COMMAND = ['node', 'src/server.ts'] as const;

/**
 * What every replica's environment sets besides HOST and PORT (which say
 * where it listens); the image's ENV sets the same. TRUST_PROXY: nginx
 * replaces X-Forwarded-For with the client's address, and the replicas
 * listen on loopback only, behind it.
 */
export const REPLICA_ENV = { NODE_ENV: 'production', TRUST_PROXY: 'true' } as const;

/**
 * nginx closes idle connections to a replica after this many seconds
 * (deploy/nginx.conf, upstream `keepalive_timeout`). A replica's drain must
 * last longer, so that no idle connection is left when it closes.
 */
export const UPSTREAM_IDLE_SECONDS = 4;

/** How long a replica or nginx may take to become ready. */
const START_TIMEOUT_MS = 60_000;

export interface ReplicaInfo {
  /** 1 to REPLICAS. */
  n: number;
  pid: number;
  port: number;
}

export interface StackOptions {
  replicas: number;
  /** Where nginx listens. */
  host: string;
  port: number;
  /** The replicas' environment (REPLICA_ENV, HOST and PORT are set over it). */
  env: NodeJS.ProcessEnv;
  /** nginx's folder; a new temporary folder (removed by stop()) when not given. */
  dir?: string;
  /** Where the stack's lines go (default: stdout). */
  log?: (line: string) => void;
  /** Where the replicas' and nginx's own output goes, line by line (default: stdout, prefixed). */
  output?: (source: string, line: string) => void;
}

export interface Stack {
  /** http://host:port/graphql */
  url: string;
  /** nginx's folder: nginx.conf, access.log, cache/. */
  dir: string;
  nginxPid: number;
  /** The replicas as they are now. */
  replicas(): ReplicaInfo[];
  /** Called each time a replica (re)starts and is ready. */
  onReplicaReady(listener: (replica: ReplicaInfo) => void): void;
  /** Settles when nginx exits by itself (the stack is then broken). */
  nginxExited: Promise<string>;
  /** Stops nginx and the replicas (letting them drain) and removes a temporary folder. */
  stop(): Promise<void>;
  /** Kills everything at once (and removes a temporary folder). */
  kill(): void;
}

/** Fills the template's `${NGINX_...}` placeholders; every one must have a value. */
export function renderNginxConfig(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(NGINX_[A-Z_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`deploy/nginx.conf: no value for the placeholder \${${name}}.`);
    return value;
  });
}

/** nginx from the PATH, else Debian's /usr/sbin/nginx (not on an ordinary user's PATH). */
export function findNginx(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A port nobody listens on now, on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  return port;
}

/** Calls `onLine` with each complete line a stream writes. */
function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop()!;
    for (const line of parts) onLine(line);
  });
  stream?.on('end', () => {
    if (rest) onLine(rest);
  });
}

/** Resolves when GET `url` answers 200; rejects after `timeoutMs` or when `gone` settles first. */
async function waitFor200(url: string, timeoutMs: number, gone: Promise<unknown>): Promise<void> {
  let exited = false;
  void gone.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (!exited) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the process exited before ${url} answered 200.`);
}

interface Replica {
  n: number;
  port: number;
  child?: ChildProcess;
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the current process has answered /ready. */
  ready: boolean;
  /** Starts in a row that exited before the replica was ready (for the back-off). */
  failures: number;
  timer?: NodeJS.Timeout;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const output = options.output ?? ((source: string, line: string) => console.log(`${source} | ${line}`));
  const nginxBinary = findNginx();
  if (!nginxBinary) throw new Error('nginx is not installed (looked on the PATH and in /usr/sbin); on Debian: apt-get install nginx.');
  const drain = options.env.DRAIN_SECONDS;
  if (drain !== undefined && /^\d+$/.test(drain.trim()) && Number(drain) <= UPSTREAM_IDLE_SECONDS) {
    throw new Error(
      `DRAIN_SECONDS must be more than ${UPSTREAM_IDLE_SECONDS} behind nginx, which keeps idle connections to a replica for ${UPSTREAM_IDLE_SECONDS} s; got ${drain}.`,
    );
  }

  const temporary = options.dir === undefined;
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'summit-graph-stack-')));
  mkdirSync(dir, { recursive: true });
  let stopping = false;
  /** Set once every replica has started: from then on, the stack restarts a replica that exits. */
  let started = false;
  const listeners: ((replica: ReplicaInfo) => void)[] = [];
  const replicas: Replica[] = Array.from({ length: options.replicas }, (_, i) => ({ n: i + 1, port: 0, ready: false, failures: 0 }));

  /** Starts a replica's process and resolves once it answers /ready (rejects if it exits first). */
  const launch = async (replica: Replica): Promise<void> => {
    // A port the system picks the first time; the same one at every restart (nginx's configuration names it).
    replica.port ||= await freePort();
    const [command, ...args] = REPLICA_COMMAND;
    // REPLICA_COMMAND's `node` is this Node (the one npm scripts find first).
    const child = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: root,
      env: { ...options.env, ...REPLICA_ENV, HOST: '127.0.0.1', PORT: String(replica.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches the stack, which stops the replicas in order.
      detached: true,
    });
    replica.child = child;
    replica.ready = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit({ code, signal })),
    );
    replica.exited = exited;
    const onLine = (line: string) => output(`replica ${replica.n}`, line);
    lines(child.stdout, onLine);
    lines(child.stderr, onLine);
    if (started) supervise(replica);
    const port = replica.port;
    try {
      await waitFor200(`http://127.0.0.1:${port}/ready`, START_TIMEOUT_MS, exited);
    } catch (error) {
      const exit = child.exitCode !== null || child.signalCode !== null ? ` (${child.signalCode ?? `code ${child.exitCode}`})` : '';
      throw new Error(`replica ${replica.n} was not ready${exit}: ${(error as Error).message}`, { cause: error });
    }
    replica.ready = true;
    const info = { n: replica.n, pid: child.pid!, port };
    log(`replica ${info.n} pid ${info.pid} port ${info.port}`);
    for (const listener of listeners) listener(info);
  };

  /** From the first start on: starts the replica again on its port when it exits, until the stack stops. */
  const supervise = (replica: Replica) => {
    const child = replica.child!;
    void replica.exited!.then(({ code, signal }) => {
      if (stopping) return;
      // A replica that was ready starts again at once; one that keeps failing waits 1, 2, 4 … 30 s.
      replica.failures = replica.ready ? 0 : replica.failures + 1;
      const delay = replica.failures === 0 ? 0 : Math.min(30_000, 1000 * 2 ** (replica.failures - 1));
      log(`replica ${replica.n} pid ${child.pid} exited (${signal ?? `code ${code}`}); starting it again on port ${replica.port}`);
      replica.timer = setTimeout(() => {
        if (stopping) return;
        launch(replica).catch((error: Error) => {
          if (!stopping) log(error.message);
        });
      }, delay);
    });
  };

  const killAll = (signal: NodeJS.Signals) => {
    for (const replica of replicas) replica.child?.kill(signal);
  };

  try {
    await Promise.all(replicas.map((replica) => launch(replica)));
  } catch (error) {
    stopping = true;
    killAll('SIGKILL');
    if (temporary) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  started = true;
  for (const replica of replicas) supervise(replica);

  const listen = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const config = renderNginxConfig(readFileSync(NGINX_TEMPLATE, 'utf8'), {
    NGINX_LISTEN: listen,
    NGINX_UPSTREAM_SERVERS: replicas.map((r) => `server 127.0.0.1:${r.port} max_fails=1 fail_timeout=1s;`).join('\n        '),
    NGINX_DIR: dir,
    NGINX_ACCESS_LOG: join(dir, 'access.log'),
  });
  const configFile = join(dir, 'nginx.conf');
  writeFileSync(configFile, config);
  // Run by root, nginx's workers would switch to `nobody`, who cannot write to this folder.
  const asUser = process.getuid?.() === 0 ? ['-g', `user ${userInfo().username};`] : [];
  const nginx = spawn(nginxBinary, ['-p', `${dir}/`, '-c', configFile, '-e', 'stderr', ...asUser], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let nginxOutput = '';
  const onNginxLine = (line: string) => {
    nginxOutput += `${line}\n`;
    output('nginx', line);
  };
  lines(nginx.stdout, onNginxLine);
  lines(nginx.stderr, onNginxLine);
  const nginxExited = new Promise<string>((r) => {
    nginx.once('error', (error) => r(`nginx could not be started: ${error.message}`));
    nginx.once('exit', (code, signal) => r(`nginx exited (${signal ?? `code ${code}`})`));
  });
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  const base = `http://${host}:${options.port}`;

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopAll());
  const stopAll = async () => {
    stopping = true;
    for (const replica of replicas) clearTimeout(replica.timer);
    // nginx: graceful (finishes the requests it has); replicas: drain, then close.
    nginx.kill('SIGQUIT');
    killAll('SIGTERM');
    const waits = [nginxExited, ...replicas.map((r) => r.exited)];
    const patience = setTimeout(() => {
      log('stack: still stopping after 60 s; killing what is left.');
      nginx.kill('SIGTERM');
      killAll('SIGKILL');
    }, 60_000);
    await Promise.all(waits);
    clearTimeout(patience);
    if (temporary) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await Promise.race([
      waitFor200(`${base}/ready`, START_TIMEOUT_MS, nginxExited),
      nginxExited.then((why) => {
        throw new Error(`${why} before it answered:\n${nginxOutput}`);
      }),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`nginx pid ${nginx.pid}: configuration, cache and access log in ${dir}`);
  log(`stack ready at ${base}/graphql`);

  return {
    url: `${base}/graphql`,
    dir,
    nginxPid: nginx.pid!,
    replicas: () => replicas.map((r) => ({ n: r.n, pid: r.child!.pid!, port: r.port })),
    onReplicaReady: (listener) => void listeners.push(listener),
    nginxExited,
    stop,
    kill: () => {
      stopping = true;
      nginx.kill('SIGTERM');
      killAll('SIGKILL');
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A whole number from the environment in [min, max]; exits with a line naming it otherwise. */
function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    console.error(`stack: ${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw)}.`);
    process.exit(1);
  }
  return Number(raw);
}

async function main() {
  const replicas = wholeNumber('REPLICAS', 2, 1, 32);
  const port = wholeNumber('PORT', 8080, 1, 65535);
  let stack: Stack;
  try {
    stack = await startStack({
      replicas,
      port,
      host: process.env.HOST || '127.0.0.1',
      dir: process.env.STACK_DIR || undefined,
      env: process.env,
    });
  } catch (error) {
    console.error(`stack: ${(error as Error).message}`);
    process.exit(1);
  }
  let signals = 0;
  const onSignal = (signal: string) => {
    if (++signals > 1) {
      console.log(`stack: ${signal} again: killing everything now.`);
      stack.kill();
      process.exit(1);
    }
    console.log(`stack: ${signal} received: stopping nginx and the replicas (they drain first).`);
    void stack.stop().then(() => {
      console.log('stack: stopped.');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  void stack.nginxExited.then(async (why) => {
    if (signals > 0) return;
    console.error(`stack: ${why}; stopping the replicas.`);
    signals++;
    await stack.stop();
    process.exit(1);
  });
}

if (import.meta.main) await main();
