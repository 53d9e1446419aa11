// `schema-lens validate`: entities, migrations and database consistent, in one exit code for CI.
// It is check (entities against the database, or against the schema the migrations build when
// there is none, with the migration findings), failing also where `status --check` would.
import { EXIT_FINDINGS, EXIT_OK, type Command } from '../command';
import { exitCodeFor, findingOptionsHelp } from '../findings';
import { projectOptionsHelp } from '../options';
import { checkCommand } from './check';

const HELP = `usage: schema-lens validate [options]

Checks that the entities, the migrations and the database agree, for CI: the findings of
'schema-lens check' at or above --fail-on, and with a database also every migration that
'schema-lens status --check' fails on (pending, missing, out of order, edited after it ran).
Without a database the migrations are replayed into an embedded PostgreSQL and the entities
are compared with the schema they build; each migration's down() is checked on the way (SL624).

${projectOptionsHelp}${findingOptionsHelp}  --shadow                  replay the migrations into an embedded PostgreSQL instead of connecting
  --no-shadow               never use the embedded PostgreSQL

Exit codes: 0 consistent, 1 findings at or above --fail-on or migrations needing attention,
2 usage or connection errors.
`;

const validate: Command = {
  summary: 'entities, migrations and database consistent, in one exit code for CI',
  run: (args) =>
    checkCommand('validate', HELP, args, (result, failOn) => {
      const findingsFail = exitCodeFor(result.findings, failOn) !== EXIT_OK;
      const migrations = result.migrationsNeedingAttention;
      if (migrations === undefined) process.stderr.write('schema-lens validate: migration status not checked: no database (only the files were checked).\n');
      else if (migrations.length > 0) process.stderr.write(`schema-lens validate: ${migrations.length} migration${migrations.length === 1 ? ' needs' : 's need'} attention (pending, missing, out of order or edited): ${migrations.join(', ')}.\n`);
      const failed = findingsFail || (migrations?.length ?? 0) > 0;
      const parts = [findingsFail ? `findings at or above --fail-on ${failOn}` : undefined, migrations?.length ? 'migrations need attention' : undefined].filter(Boolean);
      process.stderr.write(`schema-lens validate: ${failed ? `failed (${parts.join('; ')})` : 'passed'}.\n`);
      return failed ? EXIT_FINDINGS : EXIT_OK;
    }),
};
export default validate;
