import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed client code from the committed schema.graphql; CI regenerates it and type-checks the example.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/client/src/**/*.ts', '!examples/client/src/gql/**'],
  ignoreNoDocuments: false,
  // ESM with NodeNext resolution: generated imports carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/client/src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // persisted-documents.json maps each operation's SHA-256 to its text: the file the server's
        // PERSISTED_OPERATIONS mode reads.
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
