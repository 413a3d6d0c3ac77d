// Runs the built CLI (dist/preflight.cjs, made by `npm run build`, which `npm test` runs first) the way
// a technician or startnet.cmd would: a child process, exit code, stdout and stderr.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child';
import { PROJECT_ROOT } from './corpus';

export const CLI = join(PROJECT_ROOT, 'dist', 'preflight.cjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cliArgs(args: string[], env: Record<string, string>): { argv: string[]; env: NodeJS.ProcessEnv } {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does)`);
  return { argv: [CLI, ...args], env: { ...process.env, NO_COLOR: '1', ...env } };
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const c = cliArgs(args, env);
  const r = spawnSync(process.execPath, c.argv, { encoding: 'utf8', maxBuffer: 1 << 30, env: c.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runCli without blocking the test worker (see child.ts): for tests that also wait for slow programs. */
export async function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const c = cliArgs(args, env);
  const { status, stdout, stderr } = await runChild(process.execPath, c.argv, { env: c.env, timeoutMs: 240_000 });
  return { status, stdout, stderr };
}
