/**
 * Paging arithmetic shared by every connection and by search: the Relay
 * Cursor Connections algorithm (ApplyCursorsToEdges, then first, then
 * last) over a list of known length, opaque offset cursors, and page-size
 * limits. Pages are never silently clamped: `first`/`last` outside
 * 0..MAX_PAGE_SIZE is an error naming the limit.
 */
import { badInput } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface Page {
  /** Offset of the first item of the page in the whole list. */
  start: number;
  /** Offset one past the last item of the page. */
  end: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

const CURSOR_PREFIX = 'cursor:';

export function offsetToCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64');
}

/** Decodes a cursor made by offsetToCursor; anything else is a client error. */
export function cursorToOffset(cursor: string, argument: 'after' | 'before'): number {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const digits = decoded.startsWith(CURSOR_PREFIX) ? decoded.slice(CURSOR_PREFIX.length) : '';
  if (!/^(0|[1-9]\d{0,8})$/.test(digits) || offsetToCursor(Number(digits)) !== cursor) {
    throw badInput(`\`${argument}\` is not a valid cursor: use a cursor returned by this connection.`, argument);
  }
  return Number(digits);
}

function checkSize(value: number | null | undefined, argument: 'first' | 'last'): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0 || value > MAX_PAGE_SIZE) {
    throw badInput(`\`${argument}\` must be between 0 and ${MAX_PAGE_SIZE}; got ${value}.`, argument);
  }
  return value;
}

/**
 * Which slice of a list of `total` items the arguments select, and whether
 * items lie beyond it, following the Relay Cursor Connections spec
 * (https://relay.dev/graphql/connections.htm#sec-Pagination-algorithm):
 * the server can always tell whether items exist before `after` or after
 * `before`, so those flags are exact.
 */
export function pageOf(total: number, args: PageArgs): Page {
  let first = checkSize(args.first, 'first');
  const last = checkSize(args.last, 'last');
  if (first === undefined && last === undefined) first = DEFAULT_PAGE_SIZE;

  // ApplyCursorsToEdges: a cursor past the end of the list selects nothing past it.
  let start = 0;
  let end = total;
  if (args.after != null) start = Math.min(cursorToOffset(args.after, 'after') + 1, total);
  if (args.before != null) end = Math.max(Math.min(cursorToOffset(args.before, 'before'), total), start);
  const afterCursors = { start, end };

  if (first !== undefined && end - start > first) end = start + first;
  if (last !== undefined && end - start > last) start = end - last;

  const hasPreviousPage = last !== undefined ? afterCursors.end - afterCursors.start > last : args.after != null && afterCursors.start > 0;
  const hasNextPage = first !== undefined ? afterCursors.end - afterCursors.start > first : args.before != null && afterCursors.end < total;
  return { start, end, hasPreviousPage, hasNextPage };
}

/**
 * The most items a connection field with these arguments can return, for
 * the cost limit. A size outside 0..MAX_PAGE_SIZE counts as the limit: the
 * field itself refuses it with a clearer error.
 */
export function pageSizeForCost(args: PageArgs): number {
  const clamp = (n: number) => Math.min(Math.max(n, 0), MAX_PAGE_SIZE);
  const { first, last } = args;
  if (first != null && last != null) return Math.min(clamp(first), clamp(last));
  if (first != null) return clamp(first);
  if (last != null) return clamp(last);
  return DEFAULT_PAGE_SIZE;
}
