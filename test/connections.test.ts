/**
 * src/connections.ts on a real Node server with small limits (the
 * production server applies the same function with 1,000 in all and 100
 * per address; test/attacks.test.ts checks those on the real process).
 * Clients stand on several loopback addresses (Linux routes 127.0.0.0/8 to lo).
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { limitConnections, withValidHost } from '../src/connections.ts';

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function start(limits: Parameters<typeof limitConnections>[1]): Promise<number> {
  server = createServer(
    withValidHost((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    }),
  );
  limitConnections(server, limits);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A connection from `from`, kept open; `closed` resolves with what it read when the server ends it. */
async function open(port: number, from: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(s));
    s.once('error', reject);
  });
  sockets.push(socket);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  return { socket, closed };
}

/** Sends one request on `socket` and resolves with the answer's status line. */
function ask(socket: Socket, head = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(text.split('\r\n')[0]!);
      }
    };
    socket.on('data', onData);
    socket.write(head);
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('connection limits', () => {
  it("refuses an address's connection beyond its limit with 429 TOO_MANY_CONNECTIONS, and serves other addresses", async () => {
    const port = await start({ total: 100, perClient: 3 });
    for (let i = 0; i < 3; i++) await open(port, '127.0.0.2');
    const fourth = await open(port, '127.0.0.2');
    const answer = await fourth.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 429 /);
    expect(answer).toContain('"code":"TOO_MANY_CONNECTIONS"');
    expect(answer).toContain('at most 3 at once');
    const other = await open(port, '127.0.0.3');
    expect(await ask(other.socket)).toBe('HTTP/1.1 200 OK');
  });

  it('at the total cap, a new address takes one of the busiest address its connections; an equal one gets 503', async () => {
    const port = await start({ total: 5, perClient: 10 });
    const heavy = [];
    for (let i = 0; i < 3; i++) heavy.push(await open(port, '127.0.0.2'));
    for (let i = 0; i < 2; i++) await open(port, '127.0.0.3');
    await settle();
    // Full: 127.0.0.4 has none, 127.0.0.2 has 3 (the most): one of them goes.
    const first = await open(port, '127.0.0.4');
    expect(await ask(first.socket)).toBe('HTTP/1.1 200 OK');
    await settle();
    expect(heavy.filter(({ socket }) => socket.destroyed || socket.readableEnded)).toHaveLength(1);
    // 127.0.0.4 has 1 now; 127.0.0.2 and .3 have 2: one of them gives one up.
    const second = await open(port, '127.0.0.4');
    expect(await ask(second.socket)).toBe('HTTP/1.1 200 OK');
    // 127.0.0.4 has 2, as many as the busiest: no one gives way, and the newcomer is told why.
    const third = await open(port, '127.0.0.4');
    const answer = await third.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toContain('"code":"SERVER_BUSY"');
  });

  it('behind a proxy (no limit per address), the total cap refuses with 503 and evicts nothing', async () => {
    const port = await start({ total: 3 });
    const held = [];
    for (let i = 0; i < 3; i++) held.push(await open(port, '127.0.0.2'));
    await settle();
    const extra = await open(port, '127.0.0.2');
    expect(await extra.closed).toMatch(/^HTTP\/1\.1 503 /);
    for (const { socket } of held) expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
  });
});

describe('what refused and evicted connections cost', () => {
  it("runs none of a refused connection's pipelined requests", async () => {
    let handled = 0;
    server = createServer(
      withValidHost((_request, response) => {
        handled++;
        response.end('ok');
      }),
    );
    limitConnections(server, { total: 100, perClient: 1 });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await open(port, '127.0.0.2');
    const refused = await open(port, '127.0.0.2');
    refused.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(5));
    expect(await refused.closed).toMatch(/^HTTP\/1\.1 429 /);
    await settle();
    expect(handled).toBe(0);
  });

  it('at the cap, takes a connection with no request in flight before one with a request in flight', async () => {
    let release = () => {};
    server = createServer(
      withValidHost((request, response) => {
        if (request.url === '/slow') release = () => response.end('slow');
        else response.end('ok');
      }),
    );
    limitConnections(server, { total: 3, perClient: 10 });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const busy = await open(port, '127.0.0.2');
    busy.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await settle();
    const idle = [await open(port, '127.0.0.2'), await open(port, '127.0.0.2')];
    await settle();
    const newcomer = await open(port, '127.0.0.3');
    expect(await ask(newcomer.socket)).toBe('HTTP/1.1 200 OK');
    await settle();
    expect(busy.socket.destroyed || busy.socket.readableEnded).toBe(false);
    expect(idle.filter(({ socket }) => socket.destroyed || socket.readableEnded)).toHaveLength(1);
    release();
  });
});

describe('the Host check before Yoga', () => {
  it('answers 400 with a GraphQL error to a Host that cannot make a URL, and passes the rest on', async () => {
    const port = await start({ total: 100, perClient: 100 });
    for (const host of ['[::1', 'a b', '%zz', 'x:99999', '[::1]:x', '@']) {
      const { socket } = await open(port, '127.0.0.2');
      const status = await ask(socket, `GET /health HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      expect(status, host).toBe('HTTP/1.1 400 Bad Request');
      socket.destroy();
    }
    // A target that is not a path, with or without a Host (it was a 500 with a stack: the URL is built from both).
    for (const head of [
      'OPTIONS * HTTP/1.0\r\n\r\n',
      'GET http://evil/graphql HTTP/1.0\r\n\r\n',
      'GET * HTTP/1.1\r\nHost:\r\n\r\n',
      'GET / HTTP/1.1\r\nHost:\r\n\r\n',
    ]) {
      const { socket } = await open(port, '127.0.0.2');
      expect(await ask(socket, head), head).toMatch(/^HTTP\/1\.[01] 400 Bad Request$/);
      socket.destroy();
    }
    for (const host of ['localhost', 'example.org:8080', '[::1]:4000', '127.0.0.1']) {
      const { socket } = await open(port, '127.0.0.2');
      expect(await ask(socket, `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`), host).toBe('HTTP/1.1 200 OK');
      socket.destroy();
    }
  });
});
