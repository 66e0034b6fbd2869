import { parentPort, workerData } from 'node:worker_threads';
import { type InterruptHandles, StatementInterrupts } from './pglite-interrupt.js';

// The database thread's watchdog: it blocks while it waits for units to end, which the database
// thread (blocked in PGlite while a unit runs) and the HTTP thread cannot do.
const interrupts = new StatementInterrupts(workerData as InterruptHandles);
parentPort?.postMessage('watching');
interrupts.watch();
