import { importHalf } from './test-fast-half.mjs';

await importHalf(0);
