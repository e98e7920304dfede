/** Text folding shared by search and name ordering. */

const COMBINING_MARKS = /\p{M}+/gu;
/** Apostrophes and dots join the letters around them: "Vanua'aku" -> "vanuaaku", "U.S." -> "us". */
const JOINERS = /['’‘ʼ`´.]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Printable ASCII only: nothing to decompose or strip. */
const ASCII = /^[\x20-\x7e]*$/;

/** Lower-cases and strips accents: "Nguyễn Phú Trọng" -> "nguyen phu trong". */
export function fold(value: string): string {
  if (ASCII.test(value)) return value.toLowerCase();
  return value.normalize('NFKD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/ø/g, 'o').replace(/ł/g, 'l').toLowerCase();
}

/** Splits folded text into search terms, ignoring punctuation. */
export function terms(value: string): string[] {
  return fold(value).replace(JOINERS, '').split(SEPARATORS).filter(Boolean);
}

/** One folded, punctuation-free form of a name, for exact-match comparison. */
export function normalizeName(value: string): string {
  return terms(value).join(' ');
}

/** ASCII kebab-case slug of a name, e.g. "PDP–Laban" -> "pdp-laban". */
export function slugify(value: string): string {
  return terms(value).join('-');
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Compares names the way a reader expects: letter case and accents ignored. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}
