// A worker thread starts without the parent's TypeScript loader: load the worker from its
// TypeScript source through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pglite-owner-worker.ts', import.meta.url);
