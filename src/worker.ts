import 'reflect-metadata';
/** Worker entry point: the same build with BLOOM_ROLE=worker (jobs and sweepers, no HTTP). */
process.env.BLOOM_ROLE = 'worker';
await import('./main.js');
