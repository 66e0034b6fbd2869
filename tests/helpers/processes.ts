import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves once the output matches; rejects after `timeoutMs` or when the process exits first. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it (SIGKILL unless told) if it still runs, and waits for it to go. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<CliProcess>();

/** Starts `newsgraph <args>` as a process of its own, as a user would from another terminal. */
export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  // node itself with tsx as a loader: one process, so its pid is the holder's and SIGKILL reaches it
  // (the tsx command runs node as a child of its own, which a SIGKILL to tsx would leave running).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  const proc: CliProcess = {
    child,
    pid: child.pid as number,
    output: () => output,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const regex =
          typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
        const timer = setTimeout(
          () => finish(new Error(`no ${regex} within ${timeoutMs} ms in:\n${output}`)),
          timeoutMs,
        );
        const finish = (error: Error | null, match?: RegExpExecArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(match as RegExpExecArray);
        };
        const check = () => {
          const match = regex.exec(output);
          if (match) finish(null, match);
          else if (done) finish(new Error(`exited before ${regex}:\n${output}`));
        };
        listeners.add(check);
        check();
      }),
    exited,
    stop: async (signal = 'SIGKILL') => {
      if (!done) child.kill(signal);
      await exited;
      running.delete(proc);
    },
  };
  running.add(proc);
  exited.then(() => running.delete(proc));
  return proc;
}

/** Kills whatever a test file started and left running (for afterEach / afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Starts `serve` and resolves with its base URL once it listens. */
export async function startServe(env: Record<string, string>): Promise<CliProcess & { url: string }> {
  const server = spawnCli(['serve'], env);
  const match = await server.waitFor(/localhost:(\d+)\/graphql/, 90_000);
  return Object.assign(server, { url: `http://127.0.0.1:${match[1]}` });
}
