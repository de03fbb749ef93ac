import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs `agrispray …` as a user would (a separate Node process through tsx). */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(process.cwd(), 'electron/cli/main.ts'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      input,
      timeout: 60_000,
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
