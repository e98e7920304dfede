/**
 * GraphQL Code Generator for the typed client example: the client preset
 * reads the operations written with `graphql(...)` in src/ and types them
 * against the committed schema.graphql. Run `npm run client:codegen` after
 * changing an operation or the schema; `npm run client:check` fails when
 * src/gql/ is out of date or the example does not type-check.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/client/src/**/*.ts', '!examples/client/src/gql/**'],
  ignoreNoDocuments: false,
  // `.js` in generated imports, as Node's ESM resolution needs.
  importExtension: '.js',
  generates: {
    'examples/client/src/gql/': {
      preset: 'client',
      presetConfig: {
        // Fragments are read with useFragment(), so a component sees only the fields it asked for.
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
      },
      config: {
        // Operations become strings with types attached: a plain fetch() can send them.
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Date: { input: 'string', output: 'string' } },
      },
    },
  },
};

export default config;
