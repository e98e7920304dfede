/** Test helpers for incremental answers (@defer, @stream): multipart/mixed and text/event-stream bodies, and merging their parts. */
import { expect } from 'vitest';
import type { App } from '../src/yoga.ts';

export interface IncrementalError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One part of an incremental answer (the 2022-08-24 format that Yoga's executor sends), or a whole plain answer. */
export interface Payload {
  data?: any;
  errors?: IncrementalError[];
  hasNext?: boolean;
  incremental?: { data?: any; items?: unknown[]; path: (string | number)[]; label?: string; errors?: IncrementalError[] }[];
}

/** The JSON parts of a multipart/mixed body (boundary from the content type), in order. */
export function multipartParts(contentType: string, body: string): Payload[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  expect(boundary, contentType).toBeDefined();
  const delimiter = `--${boundary}`;
  expect(body.trimEnd().endsWith(`${delimiter}--`), 'the body ends with the closing delimiter').toBe(true);
  return body
    .split(delimiter)
    .slice(1, -1)
    .map((part) => JSON.parse(part.slice(part.indexOf('\r\n\r\n') + 4)) as Payload);
}

/** The `next` events of a text/event-stream body, in order; it must end with `complete`. */
export function sseEvents(body: string): Payload[] {
  const events = body
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => !line.startsWith(':')))
    .filter((lines) => lines.length > 0 && lines[0] !== '');
  expect(events.at(-1)?.[0]).toBe('event: complete');
  return events.filter((lines) => lines[0] === 'event: next').map((lines) => JSON.parse(lines[1]!.slice('data: '.length)) as Payload);
}

/** Applies the incremental parts to the initial data, as a client does. */
export function mergeIncremental(payloads: Payload[]): any {
  const [initial, ...rest] = payloads;
  const data = structuredClone(initial!.data);
  const at = (path: (string | number)[]) => path.reduce((value: any, key) => value[key], data);
  for (const payload of rest) {
    for (const part of payload.incremental ?? []) {
      if (part.items) (at(part.path.slice(0, -1)) as unknown[]).splice(part.path.at(-1) as number, part.items.length, ...part.items);
      else if (part.data) Object.assign(at(part.path), part.data);
    }
  }
  return data;
}

/** POSTs a query that uses @defer/@stream over multipart/mixed (it must come in parts): the parts, their merged data and every error. */
export async function incrementalGraphql(target: App, query: string, variables?: Record<string, unknown>) {
  const response = await target.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.text();
  expect(response.headers.get('content-type'), body).toMatch(/^multipart\/mixed/);
  const parts = multipartParts(response.headers.get('content-type')!, body);
  expect(parts.length, 'an answer in several parts').toBeGreaterThan(1);
  const errors = parts.flatMap((part) => [...(part.errors ?? []), ...(part.incremental ?? []).flatMap((p) => p.errors ?? [])]);
  return { status: response.status, parts, data: mergeIncremental(parts), errors: errors.length ? errors : undefined };
}
