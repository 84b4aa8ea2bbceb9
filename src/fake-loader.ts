// fake.ts (and faker with it) loads on first use: generated data, defaults of created objects.
// Serving fixtures never needs it, and importing faker is a large part of a start.
let loading: Promise<typeof import('./fake.js')> | undefined;

export const loadFake = (): Promise<typeof import('./fake.js')> => (loading ??= import('./fake.js'));
