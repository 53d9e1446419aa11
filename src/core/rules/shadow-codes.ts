// The shadow's codes (SL450-SL452, and SL624, the lint code only a replay can decide) and their
// catalogue entries (docs links, SARIF rules, severity overrides). The findings themselves come from
// src/core/shadow/findings.ts; the codes live with the rules so the catalogue (rules/index.ts) never
// imports the shadow.
import type { RuleInfo } from './rule';

export const SHADOW_REPLAY_FAILED = 'SL450';
export const SHADOW_EXTENSION_MISSING = 'SL451';
export const SHADOW_LOAD_FAILED = 'SL452';
/** A lint code (the migration's own defect), found on the shadow: down() does not undo up(). */
export const DOWN_DOES_NOT_UNDO = 'SL624';

/** The shadow's codes, for the rule catalogue (docs links, SARIF rules, severity overrides). */
export const shadowRuleInfos: RuleInfo[] = [
  {
    code: SHADOW_REPLAY_FAILED,
    category: 'migration',
    defaultSeverity: 'error',
    title: 'Migration failed to replay',
    help: 'The migration throws on an empty database, so it will fail on every fresh environment too; the shadow check compares the entities with the schema built before it.',
    docs: `docs/rules/${SHADOW_REPLAY_FAILED}.md`,
  },
  {
    code: SHADOW_EXTENSION_MISSING,
    category: 'migration',
    defaultSeverity: 'error',
    title: 'Migration needs an extension the embedded database lacks',
    help: 'The embedded PostgreSQL has the contrib extensions but not this one (e.g. PostGIS); check this project against a real database that has it.',
    docs: `docs/rules/${SHADOW_EXTENSION_MISSING}.md`,
  },
  {
    code: SHADOW_LOAD_FAILED,
    category: 'migration',
    defaultSeverity: 'error',
    title: 'Migration file could not be loaded',
    help: 'The file does not parse, an import cannot be resolved, or its top-level code throws: TypeORM cannot run it either, and the replay stops before it.',
    docs: `docs/rules/${SHADOW_LOAD_FAILED}.md`,
  },
  {
    code: DOWN_DOES_NOT_UNDO,
    category: 'lint',
    defaultSeverity: 'warning',
    title: 'down() does not undo up()',
    help: 'Replayed on the embedded database, up() then down() leaves a schema different from the one before up() (or down() throws): reverting this migration in production would not give back the schema it started from.',
    docs: `docs/rules/${DOWN_DOES_NOT_UNDO}.md`,
  },
];
