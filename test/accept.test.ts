/**
 * Reading an Accept header (src/incremental.ts): the q-value a header gives
 * a media type, by its most specific matching range (RFC 9110 12.5.1), and
 * the incremental media type Yoga would answer with. GraphiQL's page check
 * (test/graphiql.test.ts) and the response cache's negotiation are built on
 * these.
 */
import { describe, expect, it } from 'vitest';
import { acceptedQ, incrementalMediaType, weightedRanges } from '../src/incremental.ts';

describe('an Accept header', () => {
  it('gives a media type the q-value of its most specific matching range, the highest of equally specific ones', () => {
    const cases: [accept: string | null, type: string, q: number | undefined][] = [
      [null, 'application/json', 1], // no header is */*
      ['application/json', 'application/json', 1],
      ['application/json', 'text/html', undefined],
      ['*/*;q=0.8, text/html', 'text/html', 1],
      ['text/html;q=0.2, */*', 'text/html', 0.2], // the specific range wins, even when lower
      ['text/*;q=0.4, */*;q=0.9', 'text/html', 0.4],
      ['text/html;q=0.3, TEXT/HTML;Q=0.6', 'text/html', 0.6],
      ['text/html;q=0', 'text/html', 0],
      ['text/html;q=oops', 'text/html', 0], // not a q-value: as if not sent
      ['text/html;q=2', 'text/html', 0],
      ['text/html;q=-0', 'text/html', 0],
      ['text/html;q=0.0000', 'text/html', 0],
      ['text/html;q=1.000', 'text/html', 1],
      // Read leniently, as clients send it: Java's default Accept has `q=.2`.
      ['text/html;q=.2', 'text/html', 0.2],
      ['text/html;q=0.5000', 'text/html', 0.5],
      ['text/html;q=1.5', 'text/html', 0],
      ['text/html;q=1e0', 'text/html', 0],
      ['application/json ; q=0.5', 'application/json', 0.5],
      ['application/json/x;q=0.3', 'application/json', 0.3], // the first two segments, as Yoga reads them
    ];
    for (const [accept, type, q] of cases) expect(acceptedQ(weightedRanges(accept), type), `${accept} ${type}`).toBe(q);
    expect(weightedRanges('text/html, text/html/x, text/, */*').map((range) => range.exact)).toEqual([true, false, false, true]);
  });

  it('admits the incremental type Yoga picks (multipart/mixed over text/event-stream) only with a q-value above 0', () => {
    const cases: [accept: string | null, type: string | null][] = [
      [null, 'multipart/mixed'],
      ['text/event-stream', 'text/event-stream'],
      ['multipart/mixed, text/event-stream', 'multipart/mixed'],
      ['text/event-stream, multipart/mixed;q=0.1', 'multipart/mixed'], // Yoga ignores q-values in its pick
      ['multipart/mixed;q=0, text/event-stream', null], // Yoga would still pick multipart/mixed, refused
      ['multipart/*;q=0, */*', null],
      ['multipart/mixed;charset=latin1, text/event-stream', 'text/event-stream'], // only utf-8 entries count
      ['application/json', null],
      // Java HttpURLConnection's default Accept.
      ['text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2', 'multipart/mixed'],
    ];
    for (const [accept, type] of cases) expect(incrementalMediaType(accept), String(accept)).toBe(type);
  });
});
