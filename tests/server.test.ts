import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
let child: ChildProcess | null = null;

afterAll(() => {
  child?.kill('SIGKILL');
});

function startServer(): Promise<{ port: number; output: () => string; exited: Promise<number | null> }> {
  // PORT=0: the system picks a free port, and the server says which.
  const proc = spawn(join(root, 'node_modules/.bin/tsx'), ['src/cli.ts', 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: 'memory://', PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /localhost:(\d+)\/graphql/.exec(output);
      if (m) resolve({ port: Number(m[1]), output: () => output, exited });
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', () => reject(new Error(`server exited early:\n${output}`)));
  });
}

describe('the server process', () => {
  it('serves the seeded API, then on SIGTERM lets a request in flight finish and exits cleanly', async () => {
    const server = await startServer();
    const url = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    const query =
      '{ articles(first: 10) { totalCount edges { node { headline persons { totalCount } quotes { totalCount } } } } }';
    // The body goes in two parts with the SIGTERM between them: the request is in flight (headers
    // read, body awaited) when the shutdown starts, not merely sent, as a 5 ms pause once left it.
    const body = JSON.stringify({ query });
    let sendRest: () => void = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, 10)));
        sendRest = () => {
          controller.enqueue(new TextEncoder().encode(body.slice(10)));
          controller.close();
        };
      },
    });
    const inFlight = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    // Long enough for the headers to reach a server on a busy machine (300 ms once failed at load 15).
    await new Promise((r) => setTimeout(r, 1500));
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    sendRest();
    const response = await inFlight;
    expect(response.status).toBe(200);
    const result = (await response.json()) as { data: { articles: { totalCount: number } } };
    expect(result.data.articles.totalCount).toBe(1);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('closed');
  }, 180_000);
});
