// What to do about each code, in one imperative line: the `help:` line under a finding in the CLI
// and the `fix:` line of a diagnostic. The message says what is wrong; this says what to do next.
// The docs page (docs/rules/CODE.md) has the long form. Every code in the catalogue has one
// (test/unit/rules/next-steps.test.ts).

const NEXT_STEPS: Record<string, string> = {
  SL001: 'declare what could not be read (schema-lens.json `decorators`, or a literal option) — see the docs page',
  SL101: 'run the pending migration that creates it, or create the table with a migration',
  SL102: 'add the column with a migration (a NOT NULL column on a table with rows needs a default, or add it nullable and backfill)',
  SL103: 'convert the column in place with ALTER COLUMN ... TYPE ... USING (keeps the data), or change the entity\'s type',
  SL104: 'make them agree: change the entity\'s `nullable`, or SET/DROP NOT NULL in a migration (backfill NULL rows first)',
  SL105: 'make them agree: change the entity\'s `default`, or SET/DROP DEFAULT in a migration',
  SL106: 'add the missing values with ALTER TYPE ... ADD VALUE, or recreate the enum type in a migration',
  SL107: 'make the entity\'s primary columns match the table, or replace the primary key in a migration',
  SL108: 'add the unique constraint in a migration (resolve duplicate rows first)',
  SL109: 'add the check constraint in a migration (fix violating rows first, or add it NOT VALID and VALIDATE later)',
  SL110: 'map it with an entity, drop it with a migration if obsolete, or turn SL110 off if it is intentional',
  SL111: 'declare it on the entity, drop it with a migration, or give it a default so inserts through the entity work',
  SL201: 'add the foreign key in a migration (remove orphan rows first; NOT VALID then VALIDATE on a large table)',
  SL202: 'change the relation\'s onDelete/onUpdate, or recreate the constraint with the entity\'s actions',
  SL203: 'declare the relation (@ManyToOne + @JoinColumn), add the foreign key, or suppress if it is not a reference',
  SL301: 'add @Index() on the relation and create the index with a migration (CONCURRENTLY on a busy table)',
  SL302: 'drop the redundant index in a migration and remove its @Index declaration',
  SL303: 'create the declared index with a migration, or run the migration that should have created it',
  SL304: 'confirm idx_scan stays 0 on production and replicas, then drop it and its @Index declaration',
  SL401: 'run it: schema-lens migrate (or Run Pending Migrations), or Mark as Applied if it was applied by hand',
  SL402: 'restore the migration file from version control, or revert its changes and Mark as Not Applied',
  SL403: 'check it does not depend on the newer ones, then run it; otherwise give it a newer timestamp',
  SL404: 'undo the edit and put the change in a new migration (Mark as Applied again if it was cosmetic)',
  SL405: 'give one of them a new timestamp (class and file name)',
  SL406: 'rename one of them (class, `name` property and file)',
  SL407: 'end the class name (and `name`) with a 13-digit timestamp: ${Name}${Date.now()}',
  SL410: 'make sure the loss is intended and back up first (schema-lens backup --table NAME), or keep the data (RENAME, copy)',
  SL411: 'convert the column in place with ALTER COLUMN ... TYPE ... USING instead of DROP + ADD',
  SL450: 'fix the statement the message names and save; the replay resumes from this migration',
  SL451: 'check this project against a real database that has the extension (--db URL or Connect to Database)',
  SL452: 'fix the error the message names (syntax, an import that does not resolve, top-level code that throws)',
  SL501: 'add a primary key: a unique NOT NULL column, or a new identity column',
  SL502: 'rebuild it with REINDEX INDEX CONCURRENTLY, or drop and recreate it (resolve duplicates first if unique)',
  SL503: 'change the column (and its sequence) to bigint with a migration, well before it runs out',
  SL504: 'give the space back with VACUUM FULL or pg_repack, then find why autovacuum did not keep up',
  SL505: 'rebuild it with REINDEX INDEX CONCURRENTLY (schema-lens optimize --yes)',
  SL506: 'give PostgreSQL more memory, or read less: index the sequential scans, remove bloat',
  SL507: 'run VACUUM (ANALYZE) on it (schema-lens optimize --yes) and check autovacuum is on for it',
  SL508: 'run VACUUM (ANALYZE) on it (schema-lens optimize --yes) and tune autovacuum for the table',
  SL509: 'end the transaction in the application named, or pg_cancel_backend / pg_terminate_backend the session',
  SL510: 'end the blocking session\'s transaction; give migrations a lock_timeout',
  SL511: 'put a pooler in front or shrink the applications\' pools',
  SL512: 'add pg_stat_statements to shared_preload_libraries, restart, and CREATE EXTENSION pg_stat_statements',
};

/** The code's next step, or undefined for a code without one (the catalogue test keeps that empty). */
export function nextStep(code: string): string | undefined {
  return NEXT_STEPS[code];
}
