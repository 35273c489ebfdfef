import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the examples, from the committed schema: `npm run examples:codegen` after changing either.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/*.ts'],
  ignoreNoDocuments: false,
  generates: {
    'examples/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true },
    },
  },
};

export default config;
