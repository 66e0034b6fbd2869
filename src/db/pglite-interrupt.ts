import { readFileSync } from 'node:fs';
import type { Extension, PGlite } from '@electric-sql/pglite';

/**
 * Stopping a statement PGlite runs, from another thread.
 *
 * PGlite runs Postgres inside WebAssembly on the thread that calls it, and has neither signals nor
 * timers: `statement_timeout` never fires and a cancel request has no backend to signal. But
 * Postgres checks for a cancel as it always does (CHECK_FOR_INTERRUPTS reads `InterruptPending`,
 * then `QueryCancelPending`, the flags its SIGINT handler sets), and PGlite's build exports the
 * addresses of both. With the database's memory shared (a SharedArrayBuffer), another thread sets
 * them while the statement runs; the statement then ends with SQLSTATE 57014 and its transaction is
 * aborted by Postgres' own error path, as a cancel on a Postgres server.
 *
 * Sharing the memory takes one change PGlite's options cannot make: its WebAssembly module
 * declares the memory it imports unshared, and an import must match its memory exactly. The module
 * is compiled from PGlite's own file with that declaration rewritten (`shareMemoryImport`), and
 * so are the extension libraries (pg_trgm), which import the same memory.
 */

/** PGlite's memory limit (`maximum` of the memory it creates): 2 GiB in 64 KiB pages. */
const MAXIMUM_PAGES = 32_768;
const INITIAL_PAGES = 2_048;

/** What another thread needs to stop the database thread's statements. */
export interface InterruptHandles {
  /** The coordination words (below), shared by the database thread and whoever interrupts it. */
  control: SharedArrayBuffer;
  /** The database's WebAssembly memory. */
  memory: SharedArrayBuffer;
  /** Byte addresses of Postgres' `QueryCancelPending` and `InterruptPending` in that memory. */
  queryCancelPending: number;
  interruptPending: number;
}

// The words of `control`. RUNNING is the generation of the unit the database runs now (0 between
// units, -1 once closed): a timer or a cancel aims at one generation and never hits the next.
const LOCK = 0;
const RUNNING = 1;
const GENERATION = 2;
const CONNECTION = 3;
const SECRET = 4;
const TIMEOUT = 5;
/** The generation last cancelled: a unit is cancelled once, by its timer or a cancel request. */
const CANCELLED = 6;
const CONTROL_WORDS = 7;
const IDLE = 0;
const CLOSED = -1;

/**
 * The database thread's and the interrupters' view of one PGlite's flags. Setting the flags and
 * moving from one unit to the next happen under one lock, so a cancel either lands while its unit
 * runs or not at all; a flag the unit ended before reading is cleared before the next one starts.
 */
export class StatementInterrupts {
  readonly #control: Int32Array;
  readonly #memory: Int32Array;
  readonly #queryCancelPending: number;
  readonly #interruptPending: number;

  constructor(readonly handles: InterruptHandles) {
    this.#control = new Int32Array(handles.control);
    this.#memory = new Int32Array(handles.memory);
    // Both are sig_atomic_t: 32-bit words, aligned.
    this.#queryCancelPending = handles.queryCancelPending / 4;
    this.#interruptPending = handles.interruptPending / 4;
  }

  /**
   * The database thread, before it hands a unit of `connection` to PGlite (0: a unit no cancel
   * request may stop) that may run `timeoutMs` (0: no limit).
   */
  begin(connection: number, secret: number, timeoutMs: number): number {
    return this.#locked(() => {
      const generation = (Atomics.load(this.#control, GENERATION) % 0x7fff_ffff) + 1;
      Atomics.store(this.#control, GENERATION, generation);
      Atomics.store(this.#control, CONNECTION, connection);
      Atomics.store(this.#control, SECRET, secret);
      Atomics.store(this.#control, TIMEOUT, timeoutMs);
      Atomics.store(this.#memory, this.#queryCancelPending, 0);
      Atomics.store(this.#control, RUNNING, generation);
      Atomics.notify(this.#control, RUNNING);
      return generation;
    });
  }

  /** The database thread, once PGlite has answered the unit. */
  end(): void {
    this.#locked(() => {
      // A cancel the unit finished before reading would otherwise stop the next one. A spare
      // InterruptPending only makes Postgres look once and find nothing.
      Atomics.store(this.#memory, this.#queryCancelPending, 0);
      Atomics.store(this.#control, RUNNING, IDLE);
      Atomics.store(this.#control, CONNECTION, 0);
      Atomics.notify(this.#control, RUNNING);
    });
  }

  /** After the database closed: the watchdog ends, cancels change nothing. */
  close(): void {
    this.#locked(() => {
      Atomics.store(this.#control, RUNNING, CLOSED);
      Atomics.notify(this.#control, RUNNING);
    });
  }

  /** Cancels the unit of that generation if it still runs. */
  cancelGeneration(generation: number): boolean {
    return this.#locked(() => Atomics.load(this.#control, RUNNING) === generation && this.#raise(generation));
  }

  /** Cancels what the connection with that key runs now, as a Postgres cancel request does. */
  cancelConnection(connection: number, secret: number): boolean {
    return this.#locked(() => {
      const generation = Atomics.load(this.#control, RUNNING);
      // Connection 0 marks a unit no request may stop.
      return (
        generation > 0 &&
        connection > 0 &&
        Atomics.load(this.#control, CONNECTION) === connection &&
        Atomics.load(this.#control, SECRET) === secret &&
        this.#raise(generation)
      );
    });
  }

  /**
   * The watchdog's loop, on a thread of its own (it blocks): each unit that runs longer than its
   * timeout is cancelled, once. Returns when the database closes.
   */
  watch(): void {
    for (;;) {
      const generation = Atomics.load(this.#control, RUNNING);
      if (generation === CLOSED) return;
      if (generation === IDLE) {
        Atomics.wait(this.#control, RUNNING, IDLE);
        continue;
      }
      // Read after RUNNING: `begin` stores it before, so it is this unit's or a later one's (and
      // then RUNNING has moved on and the wait below returns at once).
      const timeoutMs = Atomics.load(this.#control, TIMEOUT);
      if (timeoutMs > 0 && Atomics.wait(this.#control, RUNNING, generation, timeoutMs) === 'timed-out') {
        this.cancelGeneration(generation);
      }
      Atomics.wait(this.#control, RUNNING, generation);
    }
  }

  // Postgres' own order (StatementCancelHandler): the reason first, then the flag that makes
  // CHECK_FOR_INTERRUPTS look, so that it never looks, clears InterruptPending and misses the reason.
  // Once per unit: a second cancel could land in PGlite's recovery from the first, after it has
  // cleared the flag, and fail whatever the unit does next.
  #raise(generation: number): boolean {
    if (Atomics.load(this.#control, CANCELLED) === generation) return false;
    Atomics.store(this.#control, CANCELLED, generation);
    Atomics.store(this.#memory, this.#queryCancelPending, 1);
    Atomics.store(this.#memory, this.#interruptPending, 1);
    return true;
  }

  #locked<T>(work: () => T): T {
    // Held for a few stores at most, by threads that never wait inside it: spinning is cheaper
    // than sleeping.
    while (Atomics.compareExchange(this.#control, LOCK, 0, 1) !== 0);
    try {
      return work();
    } finally {
      Atomics.store(this.#control, LOCK, 0);
    }
  }
}

export function newInterruptControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_WORDS * 4);
}

/**
 * A WebAssembly module's bytes with its memory import declared shared, with `maximumPages` as its
 * maximum (a shared memory needs one). Throws if the module imports no memory.
 */
export function shareMemoryImport(module: Uint8Array, maximumPages: number): Uint8Array {
  let at = 8;
  const u32 = () => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = module[at++] as number;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  const skipName = () => {
    const length = u32();
    at += length;
  };
  while (at < module.length) {
    const sectionStart = at;
    const id = module[at++];
    const size = u32();
    const contentStart = at;
    const sectionEnd = contentStart + size;
    if (id === 2 /* imports */) {
      const count = u32();
      for (let i = 0; i < count; i++) {
        skipName();
        skipName();
        const kind = module[at++];
        if (kind === 0 /* function */) u32();
        else if (kind === 1 /* table */) {
          at++;
          const flags = module[at++] as number;
          u32();
          if (flags & 1) u32();
        } else if (kind === 3 /* global */) at += 2;
        else if (kind === 4 /* tag */) {
          at++;
          u32();
        } else if (kind === 2 /* memory */) {
          const limitsStart = at;
          const flags = module[at++] as number;
          if (flags & 4) throw new Error('a 64-bit memory import: not the module this was written for');
          const initial = u32();
          if (flags & 1) u32();
          const limitsEnd = at;
          if (flags & 2) return module;
          const content = concat([
            module.subarray(contentStart, limitsStart),
            Uint8Array.of(3, ...leb128(initial), ...leb128(maximumPages)),
            module.subarray(limitsEnd, sectionEnd),
          ]);
          return concat([
            module.subarray(0, sectionStart),
            Uint8Array.of(2, ...leb128(content.length)),
            content,
            module.subarray(sectionEnd),
          ]);
        } else throw new Error(`an import of unknown kind ${kind}`);
      }
    }
    at = sectionEnd;
  }
  throw new Error('the module imports no memory');
}

function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest ? low | 0x80 : low);
  } while (rest);
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

let sharedModule: WebAssembly.Module | null = null;

/** PGlite's module, compiled once per thread, importing a shared memory. */
function pgliteSharedModule(): WebAssembly.Module {
  sharedModule ??= new WebAssembly.Module(
    shareMemoryImport(
      readFileSync(new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite'))),
      MAXIMUM_PAGES,
    ) as Uint8Array<ArrayBuffer>,
  );
  return sharedModule;
}

/** Emscripten's options as PGlite hands them to an extension's setup, as far as this reads them. */
interface EmscriptenOptions {
  instantiateWasm?: unknown;
  [option: string]: unknown;
}

/**
 * An extension (listed before the others) that gives PGlite a shared memory: PGlite creates its
 * memory and instantiates its module itself, and lets extensions change the Emscripten options it
 * does that with. Only this PGlite's: the one it starts to run initdb on an empty folder keeps
 * PGlite's own module and memory.
 */
export function sharedMemoryExtension(): Extension {
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  const module = pgliteSharedModule();
  return {
    name: 'newsgraph-shared-memory',
    setup: async (_pg, options: EmscriptenOptions) => ({
      emscriptenOpts: {
        ...options,
        wasmMemory: memory,
        instantiateWasm: (
          imports: WebAssembly.Imports,
          receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
        ) => {
          void WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module));
          return {};
        },
        // Emscripten would instantiate an extension library as it is unpacked, against the
        // shared memory it does not declare yet (and fail); it is loaded when Postgres first
        // needs it, after `shareExtensionLibraries`.
        noWasmDecoding: true,
      },
    }),
  };
}

/**
 * Rewrites the extension libraries PGlite unpacked to import the shared memory; before anything
 * loads them (CREATE EXTENSION, a migration, the first call of one of their functions).
 */
export function shareExtensionLibraries(pg: PGlite): void {
  const FS = pg.Module.FS;
  const folder = `${pg.Module.WASM_PREFIX}/lib/postgresql`;
  for (const name of FS.readdir(folder)) {
    if (!name.endsWith('.so')) continue;
    const path = `${folder}/${name}`;
    FS.writeFile(path, shareMemoryImport(FS.readFile(path), MAXIMUM_PAGES));
  }
}

/** The handles of a PGlite made with `sharedMemoryExtension`, for `StatementInterrupts`. */
export function interruptHandles(pg: PGlite): InterruptHandles {
  const memory = pg.Module.wasmMemory.buffer;
  const exports = pg.Module as unknown as Record<string, unknown>;
  const address = (name: string) => {
    const value = exports[`_${name}`];
    if (typeof value !== 'number') throw new Error(`PGlite's build does not export ${name}`);
    return value;
  };
  if (!(memory instanceof SharedArrayBuffer)) throw new Error('the database memory is not shared');
  return {
    control: newInterruptControl(),
    memory,
    queryCancelPending: address('QueryCancelPending'),
    interruptPending: address('InterruptPending'),
  };
}
