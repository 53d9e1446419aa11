// SL512: pg_stat_statements is not collecting: without it nobody can say which statements take the
// database's time, and Schema Lens cannot recommend indexes from them.
import { defineRule } from '../rule';

export const statementsMissing = defineRule('SL512', 'health', 'info', 'pg_stat_statements not available',
  "pg_stat_statements records every statement's calls and time: without it, which queries take the database's time is guesswork, and index recommendations have only table statistics to go on.", (context, emit) => {
  const state = context.health?.facts.statements;
  if (!state || (state.installed && state.preloaded !== false)) return;
  const steps = [
    state.preloaded === false ? "add pg_stat_statements to shared_preload_libraries (postgresql.conf; needs a restart)" : undefined,
    state.installed ? undefined : 'run CREATE EXTENSION pg_stat_statements in this database',
  ].filter(Boolean);
  const why = state.available ? '' : ' (this server does not ship the extension: install the PostgreSQL contrib package first)';
  emit({
    message: `pg_stat_statements is not ${state.installed ? 'collecting' : 'installed'} in this database${why}: ${steps.join(', then ')}.`,
    schema: '',
    table: '',
  });
});
