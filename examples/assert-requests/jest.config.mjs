// jest runs this example's TypeScript as ES modules (node --experimental-vm-modules): esbuild
// strips the types. A project that imports the built package needs none of the transform.
export default {
  rootDir: '.',
  testMatch: ['<rootDir>/jest.spec.ts'],
  testEnvironment: 'node',
  globalSetup: '<rootDir>/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/jest.global-teardown.mjs',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '\\.ts$': '<rootDir>/jest-esbuild-transform.mjs' },
};
