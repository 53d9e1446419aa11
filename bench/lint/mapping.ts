// squawk's rules -> our lint codes: which of our findings answers each squawk rule. An empty list is
// a squawk rule we do not implement, with the reason. bench/lint/run.ts scores squawk's own test
// cases by this table and prints it in bench/LINT.md.

export interface RuleMapping {
  codes: string[];
  /** How our rule differs, or why there is none. */
  note?: string;
}

export const squawkToOurs: Record<string, RuleMapping> = {
  'adding-field-with-default': { codes: ['SL602'] },
  'adding-foreign-key-constraint': { codes: ['SL604'] },
  'constraint-missing-not-valid': { codes: ['SL604'], note: 'one code for a constraint added without NOT VALID and for NOT VALID validated in the same transaction' },
  'adding-not-nullable-field': { codes: ['SL621'], note: 'squawk names it "adding-not-nullable-field"; it judges SET NOT NULL on an existing column' },
  'adding-required-field': { codes: ['SL603'] },
  'adding-serial-primary-key-field': { codes: ['SL605'] },
  'ban-concurrent-index-creation-in-transaction': { codes: ['SL616'] },
  'ban-drop-column': { codes: ['SL606'] },
  'ban-drop-table': { codes: ['SL607'] },
  'ban-drop-database': { codes: ['SL608'] },
  'changing-column-type': { codes: ['SL609'] },
  'disallowed-unique-constraint': { codes: ['SL610'] },
  'prefer-bigint-over-int': { codes: ['SL617'] },
  'prefer-bigint-over-smallint': { codes: ['SL617'], note: 'one code for int and smallint' },
  'prefer-identity': { codes: ['SL618'] },
  'prefer-robust-stmts': { codes: ['SL611'] },
  'prefer-text-field': { codes: ['SL619'] },
  'prefer-timestamp-tz': { codes: ['SL620'] },
  'renaming-column': { codes: ['SL612'] },
  'renaming-table': { codes: ['SL613'] },
  'require-concurrent-index-creation': { codes: ['SL614'] },
  'require-concurrent-index-deletion': { codes: ['SL615'] },
  'require-lock-timeout': { codes: ['SL623'] },
  'require-timeout-settings': { codes: ['SL623'], note: 'squawk\'s alias of require-lock-timeout + require-statement-timeout; we check lock_timeout only' },
  'transaction-nesting': { codes: ['SL622'] },
  // not implemented
  'ban-char-field': { codes: [], note: 'not implemented: char(n) is rare in TypeORM projects (TypeORM writes it only for type: "char")' },
  'ban-drop-not-null': { codes: [], note: 'not implemented: DROP NOT NULL takes a brief lock and breaks only code that relies on non-null values, which the diff against the entities reports instead' },
  'ban-alter-domain-with-add-constraint': { codes: [], note: 'not implemented: TypeORM does not create domains' },
  'ban-create-domain-with-constraint': { codes: [], note: 'not implemented: TypeORM does not create domains' },
  'ban-duplicate-column-assignments': { codes: [], note: 'not implemented: a correctness check of UPDATE/INSERT, not a migration-safety one' },
  'ban-truncate-cascade': { codes: [], note: 'not implemented' },
  'ban-uncommitted-transaction': { codes: [], note: 'not implemented as such: TypeORM commits its own transaction; a BEGIN inside a migration is SL622' },
  'identifier-too-long': { codes: [], note: 'not implemented' },
  'prefer-repack': { codes: [], note: 'not implemented: REPACK is PostgreSQL 19' },
  'require-concurrent-partition-detach': { codes: [], note: 'not implemented' },
  'require-concurrent-reindex': { codes: [], note: 'not implemented' },
  'require-enum-value-ordering': { codes: [], note: 'not implemented' },
  'require-statement-timeout': { codes: [], note: 'not implemented: a statement_timeout would cut a long backfill; lock_timeout (SL623) is the one that protects other sessions' },
  'require-table-schema': { codes: [], note: 'not implemented (opt-in in squawk)' },
};
