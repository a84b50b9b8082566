// Jest runs the TypeScript sources as ESM (NestJS 12 is ESM-only); `#lib` imports map to sources.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^#(domain|event-store|read-models|matching|messaging|platform|application)$': '<rootDir>/libs/$1/src/index.ts',
    '^#platform/listen-address$': '<rootDir>/libs/platform/src/config/listen-address.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // @fastify/static (Swagger UI) require()s the ESM-only content-disposition 3. Node 20.19+ allows
    // that, jest's module loader does not; under jest it gets the CommonJS 1.x line of the same
    // package. Only reply.download() uses it, and no test downloads a file.
    '^content-disposition$': 'content-disposition-v1',
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // 2 cores: two workers keep the integration suites from starving each other.
  maxWorkers: 2,
  testTimeout: 30000,
};
