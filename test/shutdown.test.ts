/**
 * Graceful shutdown of the real server process: every request whose bytes
 * arrived gets its answer. On SIGTERM the server turns not-ready, keeps
 * serving for DRAIN_SECONDS with `Connection: close`, then closes and
 * exits 0. Waits on what the server prints and on its exit, never on a
 * fixed sleep.
 */
import { connect, type Socket } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers.ts';

const BODY = JSON.stringify({ query: '{ country(code: "ZA") { name } }' });

/** A raw keep-alive connection, so that the test decides exactly when bytes are written. */
async function openConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

function request(path = '/graphql'): string {
  return path === '/graphql'
    ? `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`
    : `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
}

/** Reads one whole HTTP response (Content-Length framed) from the socket; rejects if the connection resets or ends first. */
function readResponse(socket: Socket): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString();
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      cleanup();
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: buffer.subarray(end + 4, end + 4 + length).toString() });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('connection ended before a response'));
    };
    const cleanup = () => socket.off('data', onData).off('error', onError).off('end', onEnd);
    socket.on('data', onData).on('error', onError).on('end', onEnd);
  });
}

describe('graceful shutdown', () => {
  it('answers every request already sent on 10 keep-alive connections when SIGTERM arrives, then exits 0', async () => {
    const server = await startServer({ DRAIN_SECONDS: '2' });
    const sockets = await Promise.all(Array.from({ length: 10 }, () => openConnection(server.url)));
    // Each connection has served one request and is idle, kept alive.
    for (const socket of sockets) {
      socket.write(request());
      expect((await readResponse(socket)).status).toBe(200);
    }
    // The server busy with a large answer (full introspection, uncached), ten requests
    // fully written meanwhile, then SIGTERM: the requests' bytes wait in the sockets'
    // buffers while the signal arrives.
    const busy = await openConnection(server.url);
    const introspection = JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) });
    busy.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(introspection)}\r\n\r\n${introspection}`,
    );
    const busyAnswer = readResponse(busy);
    const answers = sockets.map((socket) => readResponse(socket));
    for (const socket of sockets) socket.write(request());
    server.child.kill('SIGTERM');
    expect((await busyAnswer).status).toBe(200);
    const responses = await Promise.all(answers);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.body).toBe('{"data":{"country":{"name":"South Africa"}}}');
    }
    await server.printed(/SIGTERM received/);
    const { code, output } = await server.exited;
    expect(code).toBe(0);
    expect(output).toMatch(/closed\./);
    for (const socket of [...sockets, busy]) socket.destroy();
  });

  it('turns not-ready at once, keeps serving during the drain with Connection: close, then closes', async () => {
    const server = await startServer({ DRAIN_SECONDS: '2' });
    const before = await fetch(`${server.url}/ready`);
    expect(before.status).toBe(200);
    server.child.kill('SIGTERM');
    await server.printed(/SIGTERM received: not ready/);
    // During the drain: /ready is 503, GraphQL is answered on a new connection, and every answer closes its connection.
    const socket = await openConnection(server.url);
    socket.write(request('/ready'));
    const ready = await readResponse(socket);
    expect(ready.status).toBe(503);
    expect(ready.headers).toMatch(/connection: close/);
    const second = await openConnection(server.url);
    second.write(request());
    const answer = await readResponse(second);
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatch(/connection: close/);
    await server.printed(/drained/);
    const { code } = await server.exited;
    expect(code).toBe(0);
    socket.destroy();
    second.destroy();
  });
});
