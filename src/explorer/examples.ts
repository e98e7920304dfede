/**
 * The ready-made questions in `examples/*.graphql`: one documented operation
 * per file. GraphiQL opens each as a tab, and test/examples.test.ts runs them
 * all. Read once at start-up; a malformed example stops the server with a
 * message that names the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';

/** The folder the shipped examples live in. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface Example {
  /** File name, e.g. "01-parties-from-a-country.graphql"; examples sort by it. */
  file: string;
  /** The operation's name, which GraphiQL shows as the tab's title. */
  name: string;
  /** The question the example answers: the first paragraph of its leading comment, on one line. */
  question: string;
  /** The whole file: comment and operation, as GraphiQL shows it. */
  document: string;
  /**
   * Paths into the result (from `# Non-empty:` lines) that must hold a
   * non-empty value, e.g. "event.speeches.nodes"; `*` stands for any item of
   * a list.
   */
  nonEmpty: string[];
}

/** Reads and checks every `*.graphql` file in `dir`, sorted by file name. */
export function loadExamples(dir: string = EXAMPLES_DIR): Example[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  const examples = files.map((file) => parseExample(file, readFileSync(join(dir, file), 'utf8')));
  const seen = new Map<string, string>();
  for (const example of examples) {
    const other = seen.get(example.name);
    if (other) throw new Error(`examples/${example.file}: operation name ${example.name} is also used by examples/${other}.`);
    seen.set(example.name, example.file);
  }
  return examples;
}

/** Checks one example file and extracts its name, question and non-empty paths. */
export function parseExample(file: string, document: string): Example {
  const fail = (problem: string) => new Error(`examples/${file}: ${problem}`);
  let operations;
  try {
    operations = parse(document).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  } catch (error) {
    throw fail(`not a GraphQL document: ${(error as Error).message}`);
  }
  if (operations.length !== 1) throw fail(`must hold exactly one operation; found ${operations.length}.`);
  const name = operations[0]!.name?.value;
  if (!name) throw fail('the operation must be named (GraphiQL shows the name as the tab title).');

  const comment: string[] = [];
  for (const line of document.split('\n')) {
    if (!line.startsWith('#')) break;
    comment.push(line.replace(/^# ?/, ''));
  }
  const nonEmpty = comment.filter((line) => line.startsWith('Non-empty:')).map((line) => line.slice('Non-empty:'.length).trim());
  const blank = comment.findIndex((line) => line.trim() === '');
  const firstParagraph = blank === -1 ? comment : comment.slice(0, blank);
  const question = firstParagraph
    .filter((line) => !line.startsWith('Non-empty:'))
    .join(' ')
    .trim();
  if (!question) throw fail('must start with a `#` comment saying which question it answers.');
  if (nonEmpty.length === 0 || nonEmpty.some((path) => !path)) {
    throw fail('its leading comment must name at least one result path that is never empty, as `# Non-empty: path.to.list`.');
  }
  return { file, name, question, document, nonEmpty };
}
