/**
 * The container image and compose.yaml cannot be built or run here (no
 * Docker), so this checks that they say what `npm run stack` does: the
 * image's CMD, working directory and ENV against a running replica's
 * command line, folder and environment (from /proc), and compose's nginx
 * against the template's placeholders.
 */
import { readFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_TEMPLATE, REPLICA_COMMAND, REPLICA_ENV, renderNginxConfig } from '../../scripts/stack.ts';
import { closeAgents, startStack, type RunningStack } from './harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped, split into stages at FROM. */
function stages(dockerfile: string): Instruction[][] {
  const joined = dockerfile
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const result: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1]!, args: match[2]!.trim() };
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)!.push(instruction);
  }
  return result;
}

const dockerStages = stages(read('Dockerfile'));
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const runtime = dockerStages.at(-1)!;
const one = (keyword: string) => {
  const found = runtime.filter((i) => i.keyword === keyword);
  expect(found, `${keyword} in the last stage`).toHaveLength(1);
  return found[0]!.args;
};
const imageEnv = Object.fromEntries(
  runtime
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => i.args.split(/\s+/))
    .map((pair) => pair.split('=') as [string, string]),
);

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStack({ REPLICAS: '1' });
});

afterAll(async () => {
  closeAgents();
  expect(await stack?.stop()).toBe(0);
});

describe('the Dockerfile', () => {
  it('runs what the stack runs for a replica: the same command, folder and environment (bar where it listens)', async () => {
    const pid = stack.replicas.get(1)!.pid;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const environ = Object.fromEntries(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
    const cmd = JSON.parse(one('CMD')) as string[];

    // The command: node (the stack's is this Node's own binary), then the same arguments.
    expect(cmd).toEqual([...REPLICA_COMMAND]);
    expect(basename(argv[0]!)).toBe(cmd[0]);
    expect(argv.slice(1)).toEqual(cmd.slice(1));
    // Run from the folder that holds src/: the repository's root, the image's WORKDIR.
    expect(`${await readlink(`/proc/${pid}/cwd`)}/`).toBe(root);
    expect(one('WORKDIR')).toBe('/app');
    expect(runtime.some((i) => i.keyword === 'COPY' && /\/app\/src \.\/src$/.test(i.args))).toBe(true);

    // The environment: what the image sets is what the replica has, except where it listens.
    const { HOST, PORT, ...rest } = imageEnv;
    expect(rest).toEqual({ ...REPLICA_ENV });
    for (const [name, value] of Object.entries(rest)) expect(environ[name], name).toBe(value);
    expect(HOST).toBe('0.0.0.0');
    expect(environ.HOST).toBe('127.0.0.1');
    expect(PORT).toBe('4000');
    expect(environ.PORT).toBe(String(stack.replicas.get(1)!.port));
  });

  it('copies every file the server reads at run time', () => {
    const copied = runtime
      .filter((i) => i.keyword === 'COPY')
      .flatMap((i) => i.args.split(/\s+/))
      .filter((arg) => !arg.startsWith('--'));
    for (const file of ['/app/package.json', '/app/README.md', '/app/schema.graphql', '/app/src', '/app/fixtures', '/app/examples', '/app/node_modules']) {
      expect(copied, file).toContain(file);
    }
  });

  it('builds with dev dependencies, runs with production ones only, as a user without privileges, node as PID 1', () => {
    expect(dockerStages.length).toBeGreaterThanOrEqual(2);
    // Every stage is Node 24, or starts from the install stage.
    for (const stage of dockerStages) expect(stage[0]!.args).toMatch(/^(node:24\b|install AS )/);
    const stage = (name: string) => dockerStages.find((s) => new RegExp(`\\bAS ${name}$`).test(s[0]!.args))!;
    const install = stage('install');
    const npmCi = install.findIndex((i) => i.keyword === 'RUN' && /npm ci(?!.*(--omit=dev|--ignore-scripts))/.test(i.args));
    expect(npmCi).toBeGreaterThan(0);
    // patches/ is there when npm ci's postinstall applies it (without it patch-package prints "No patch files found" and exits 0);
    // nothing else is copied before it, so the layer is rebuilt when the dependencies change, not the sources.
    const copies = install.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual(['package.json package-lock.json ./', 'patches ./patches']);
    expect(install.findIndex((i) => i.keyword === 'COPY' && /^patches\b/.test(i.args))).toBeLessThan(npmCi);
    expect(pkg.scripts.postinstall).toBe('patch-package --error-on-fail --error-on-warn');
    // The checks run on the installed tree; the runtime's node_modules is it, with the dev dependencies pruned.
    expect(stage('build')[0]!.args).toBe('install AS build');
    const deps = stage('deps');
    expect(deps[0]!.args).toBe('install AS deps');
    expect(deps.some((i) => i.keyword === 'RUN' && /npm prune .*--omit=dev/.test(i.args))).toBe(true);
    expect(runtime.find((i) => i.keyword === 'COPY' && i.args.includes('node_modules'))!.args).toMatch(/^--from=deps /);
    expect(one('USER')).toMatch(/^(?!root$|0$)\w+$/);
    // Exec form, no ENTRYPOINT: node itself is PID 1 and receives SIGTERM.
    expect(runtime.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
    expect(one('CMD')).toMatch(/^\[/);
    expect(one('STOPSIGNAL')).toBe('SIGTERM');
    expect(one('HEALTHCHECK')).toMatch(/\/ready\b/);
  });
});

describe('compose.yaml', () => {
  const compose = read('compose.yaml');
  const service = (name: string) => {
    const match = new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, 'm').exec(compose);
    expect(match, `service ${name}`).not.toBeNull();
    return match![1]!;
  };

  it('runs the image as built: no command, entrypoint or environment of its own for the api', () => {
    const api = service('api');
    expect(api).toMatch(/^    build: \.$/m);
    expect(api).not.toMatch(/^    (command|entrypoint|environment|env_file):/m);
    expect(api).toMatch(/replicas: 2/);
  });

  it("fills exactly the nginx template's placeholders", () => {
    const placeholders = [...new Set([...readFileSync(NGINX_TEMPLATE, 'utf8').matchAll(/\$\{(NGINX_[A-Z_]+)\}/g)].map((m) => m[1]))].sort();
    expect(placeholders).toEqual(['NGINX_ACCESS_LOG', 'NGINX_DIR', 'NGINX_LISTEN', 'NGINX_UPSTREAM_SERVERS']);
    const nginx = service('nginx');
    const set = [...nginx.matchAll(/^      (NGINX_[A-Z_]+):/gm)].map((m) => m[1]).sort();
    expect(set).toEqual(placeholders);
    const substituted = /envsubst '([^']+)'/
      .exec(nginx)![1]!
      .split(/\s+/)
      .map((name) => name.replace(/^\$\$/, ''))
      .sort();
    expect(substituted).toEqual(placeholders);
    expect(nginx).toContain('./deploy/nginx.conf:');
  });
});

describe('deploy/nginx.conf', () => {
  it('is a template whose every placeholder must be filled', () => {
    const template = readFileSync(NGINX_TEMPLATE, 'utf8');
    expect(() => renderNginxConfig(template, { NGINX_LISTEN: '127.0.0.1:1' })).toThrow(/no value for the placeholder \$\{NGINX_/);
    const rendered = renderNginxConfig(template, { NGINX_LISTEN: 'l', NGINX_UPSTREAM_SERVERS: 'u', NGINX_DIR: '/d', NGINX_ACCESS_LOG: 'a' });
    expect(rendered).not.toMatch(/\$\{/);
  });

  it('is what the running stack uses, filled in', () => {
    const config = readFileSync(`${stack.dir}/nginx.conf`, 'utf8');
    expect(config).toContain(`server 127.0.0.1:${stack.replicas.get(1)!.port} `);
    expect(config).toContain(`listen ${new URL(stack.base).host};`);
    expect(config).not.toMatch(/\$\{/);
  });
});
