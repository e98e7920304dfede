// ESLint for the whole project (run by `npm run lint` and .ci/lint): the
// TypeScript of src/, test/, bench/ and scripts/ (typescript-eslint's
// recommended rules), the GraphQL operations in examples/ and the network
// view, checked against the committed schema.graphql with @graphql-eslint,
// and the network view's hand-written browser script.
import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const operations = ['examples/*.graphql', 'src/explorer/public/explore.graphql'];

export default [
  { ignores: ['node_modules/', 'examples/client/src/gql/', 'test/e2e/artifacts/', 'test/clients/relay/__generated__/', '.scratch/'] },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts', '**/*.mts'] })),
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter a callback must accept but does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read GraphQL answers of many shapes and check them with assertions.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The served schema, against the Relay specs and the API's documentation rule.
    files: ['schema.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Plain lists (names, offices, sources) sit beside the connections.
      '@graphql-eslint/relay-edge-types': ['error', { listTypeCanWrapOnlyEdgeType: false }],
      '@graphql-eslint/require-description': [
        'error',
        { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true },
      ],
      '@graphql-eslint/no-unreachable-types': 'error',
      '@graphql-eslint/unique-field-definition-names': 'error',
    },
  },
  {
    files: operations,
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: {
        graphQLConfig: { schema: 'schema.graphql', documents: operations },
      },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/operations-recommended'].rules,
      // Relay-style paths (connection > nodes > object > field) are deep by design.
      '@graphql-eslint/selection-set-depth': ['error', { maxDepth: 8 }],
    },
  },
  {
    files: ['src/explorer/public/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: { ...globals.browser, cytoscape: 'readonly' },
    },
  },
];
