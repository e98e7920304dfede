// ESLint for the explorer's own files (run by `npm run lint` and .ci/lint):
// the GraphQL operations in examples/ and the network view, checked against
// the committed schema.graphql with @graphql-eslint, and the network view's
// hand-written browser script. Other files are not linted here.
import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import globals from 'globals';

const operations = ['examples/*.graphql', 'src/explorer/public/explore.graphql'];

export default [
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
