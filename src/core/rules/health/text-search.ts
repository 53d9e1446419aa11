// SL705: a GIN index for full-text search. From pg_stat_statements' top statements, a one-table
// SELECT filtered by `to_tsvector(config, column) @@ to_tsquery(...)` (or plainto_, phraseto_,
// websearch_to_tsquery, or a tsquery parameter) on a text column, or by `column @@ ...` on a
// tsvector column (read with PostgreSQL's own parser by the catalog), frequent, on a big table no
// GIN index serves; confirmed by EXPLAIN like SL703. The index is on the expression, with the
// queries' configuration: as written when the statement names it, else (pg_stat_statements keeps
// every constant as a parameter) the database's default_text_search_config, which the message
// says. TypeORM cannot declare an expression or GIN index: the entity names it with
// `synchronize: false`; the migration builds it as every index fix does (index-build.ts):
// CONCURRENTLY with `transaction = false` on a big table unless migrationsTransactionMode is 'all'.
import type { StatementStats } from '../../dialect';
import type { Index, Table } from '../../model/schema';
import { typeormName } from '../../model/names';
import type { RuleContext } from '../rule';
import { defineRule } from '../rule';
import { entityOwnsIndex, frequentFilters, ginFinding } from './index-recommendation';

type TextSearch = NonNullable<StatementStats['filter']>['textSearch'][number];

const TEXT_TYPES = /^(text|character varying(\(\d+\))?|character(\(\d+\))?)$/;

/** The GIN index's key: the column (tsvector) or to_tsvector on it with the configuration. */
function indexKey(context: RuleContext, search: TextSearch, config: string): Index['keys'][number] {
  const { quoteIdentifier, quoteLiteral } = context.dialect.spelling;
  return search.expression ? { kind: 'expression', expression: `to_tsvector(${quoteLiteral(config)}, ${quoteIdentifier(search.column)})` } : { kind: 'column', name: search.column };
}

/** Whether a GIN index of the table already has this key first. */
function served(context: RuleContext, table: Table, key: Index['keys'][number]): boolean {
  const { normaliseExpression } = context.dialect.spelling;
  return table.indexes.some((index) => {
    const first = index.keys[0];
    if (index.method !== 'gin' || !first || first.kind !== key.kind) return false;
    if (first.kind === 'column' || key.kind === 'column') return first.kind === 'column' && key.kind === 'column' && first.name === key.name;
    return normaliseExpression(first.expression) === normaliseExpression(key.expression);
  });
}

export const ginForTextSearch = defineRule('SL705', 'recommendation', 'info', 'GIN index for full-text search',
  'A frequent `to_tsvector(config, column) @@ query` filter reads and parses every row of the table without a GIN index on that expression (or on the tsvector column it searches); with one it reads only the rows that match.', (context, emit) => {
  const recommended = new Set<string>();
  for (const found of frequentFilters(context)) {
    const { filter, actual } = found;
    for (const search of filter.textSearch) {
      const type = actual.columns.find((candidate) => candidate.name === search.column)?.type ?? '';
      if (search.expression ? !TEXT_TYPES.test(type) : type !== 'tsvector') continue;
      const config = search.config ?? context.health!.facts.textSearchConfig;
      if (search.expression && !config) continue;
      const key = indexKey(context, search, config ?? '');
      const name = typeormName('IDX', filter.table, [search.column], search.expression ? `gin to_tsvector ${config}` : 'gin');
      const seen = `${filter.schema}.${filter.table}.${search.column} ${search.expression ? config : ''}`;
      if (served(context, actual, key) || recommended.has(seen) || entityOwnsIndex(context, filter.schema, filter.table, name)) continue;
      recommended.add(seen);
      const note = !search.expression
        ? ''
        : search.config !== undefined
          ? ` The statement names the configuration ${search.config}.`
          : ` pg_stat_statements keeps the statement's text search configuration as a parameter: the index uses the database's default_text_search_config, ${config}, and serves the queries only if they name that one (change the migration and the decorator otherwise).`;
      const index: Index = { keys: [key], unique: false, method: 'gin' };
      emit(ginFinding(context, found, search.column, index, name, { filter: `full-text search on ${search.column}`, key: key.kind === 'column' ? search.column : key.expression, migration: [search.column, 'Text', 'Search', 'Index'], note }));
    }
  }
});
