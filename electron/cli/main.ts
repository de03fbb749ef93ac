import { Command, CommanderError } from 'commander';
import { FieldFileError } from '../../mission/field/types.js';
import { CliError } from './cli-error.js';
import * as fields from './commands/fields.js';
import * as mission from './commands/mission.js';
import * as plan from './commands/plan.js';
import * as records from './commands/records.js';
import * as vehicle from './commands/vehicle.js';

/** Builds the `agrispray` command tree. Each area registers its own commands. */
export function buildProgram(): Command {
  const program = new Command('agrispray')
    .description('AgriSpray Planner: plan, fly and document crop spraying by drone')
    .showHelpAfterError()
    .exitOverride();
  for (const area of [fields, plan, mission, vehicle, records]) area.register(program);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError) {
      process.stderr.write(`agrispray: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof FieldFileError) {
      process.stderr.write(
        `agrispray: refused:\n${e.issues.map((i) => `  ${i.where}: ${i.message}`).join('\n')}\n`,
      );
      return 2;
    }
    process.stderr.write(`agrispray: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
