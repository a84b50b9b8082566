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
  },
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // 2 cores: two workers keep the integration suites from starving each other.
  maxWorkers: 2,
  testTimeout: 30000,
};
