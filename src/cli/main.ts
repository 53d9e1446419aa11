// The `schema-lens` command: argument parsing and exit codes only; every command is a thin
// wrapper over core calls, one file per command under ./commands.
import { runCommand } from './run';
import { messageOf } from '../core/errors';

runCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`schema-lens: ${messageOf(error)}\n`);
    process.exitCode = 2;
  },
);
