// Moved to src/slices.ts (work in slices is not the store's: data generation and the control
// plane use it too). This re-export keeps branches in flight compiling; import '../slices.js'.
export * from '../slices.js';
