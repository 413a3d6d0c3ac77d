// Child processes for tests, run without blocking the test worker. A spawnSync that takes long on a busy
// machine (wine, chromium, a capture) stops the worker's event loop; vitest's RPC with the worker has a fixed
// 60 s deadline, and a reply that arrives while the loop is stopped is read only after that deadline fired:
// "[vitest-worker]: Timeout calling onTaskUpdate", and the file's results never reach the report. So every
// program a test waits for is awaited here, and the loop keeps turning while it runs.
import { spawn } from 'node:child_process';

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to the program's stdin, which is then closed (default: stdin is /dev/null). */
  input?: string;
  /** After this long the program is killed and the promise rejects (a deadline, not an expected duration). */
  timeoutMs?: number;
}

/** Runs `cmd args` to its end; its exit status and output. Rejects when it cannot be started or outlives `timeoutMs`. */
export function runChild(cmd: string, args: string[], o: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: o.env, cwd: o.cwd, stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer =
      o.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${cmd} ${args.join(' ')} did not end within ${o.timeoutMs} ms`));
      else resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    // A program that ends without reading its input closes the pipe: that is its business, not an error here.
    child.stdin?.on('error', () => {});
    if (o.input !== undefined) child.stdin?.end(o.input);
  });
}
