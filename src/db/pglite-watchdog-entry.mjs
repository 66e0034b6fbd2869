// A worker thread starts without the parent's TypeScript loader: load the watchdog from its
// TypeScript source through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pglite-watchdog.ts', import.meta.url);
