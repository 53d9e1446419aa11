// A live PostgreSQL -> SchemaModel, spelled as src/core/model/schema.ts says. One read-only,
// repeatable-read transaction (a consistent snapshot across the catalog queries) with a fixed
// number of round trips, whatever the number of tables; assemble.ts turns the rows into the model.
import type pg from 'pg';
import type { IntrospectOptions, IntrospectResult } from '../../dialect';
import type { ReadProblem } from '../../../model/schema';
import { assemble } from './assemble';
import { toDatabaseError } from './errors';
import { connectionOf, transactionScope } from './transaction';
import { TYPEORM_METADATA_TABLE } from '../../../model/bookkeeping';
import { quoteIdentifier } from '../spelling/identifiers';
import {
  columnsSql,
  constraintsSql,
  enumsSql,
  generatedMetadataSql,
  indexesSql,
  namespacesSql,
  relationsSql,
  type ColumnRow,
  type ConstraintRow,
  type EnumRow,
  type GeneratedMetadataRow,
  type IndexRow,
  type NamespaceRow,
  type RelationRow,
} from './queries';

/** Throws DatabaseError when the connection fails, times out or is lost; everything else is a problem. */
export async function introspect(client: pg.ClientBase, options: IntrospectOptions): Promise<IntrospectResult> {
  let queryCount = 0;
  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
    queryCount++;
    return (await client.query<R>(text, values)).rows;
  };
  const problems: ReadProblem[] = [];
  const scope = transactionScope(client);
  try {
    // format_type() and pg_get_expr() qualify names by the search_path: pin it to PostgreSQL's usual
    // `public` so a default reads `'a'::status_enum` in public and `'a'::billing.status_enum`
    // elsewhere, whatever the role's own setting (the entity reader prints them the same way).
    await query(`${scope.begin}; SET LOCAL search_path TO public`);
    const namespaces = await query<NamespaceRow>(namespacesSql, [options.schemas]);
    for (const missing of options.schemas.filter((s) => !namespaces.some((n) => n.name === s))) {
      problems.push({ severity: 'warning', message: `Schema "${missing}" does not exist in the database.` });
    }
    const oids = namespaces.map((n) => n.oid);
    const relations = await query<RelationRow>(relationsSql, [oids]);
    const columns = await query<ColumnRow>(columnsSql, [oids]);
    const constraints = await query<ConstraintRow>(constraintsSql, [oids]);
    const indexes = await query<IndexRow>(indexesSql(options.statistics ?? false), [oids]);
    const enums = await query<EnumRow>(enumsSql, [oids]);
    // Only where TypeORM made generated columns: its record of their expressions (one query per such schema).
    const generatedMetadata: GeneratedMetadataRow[] = [];
    if (columns.some((column) => column.generated)) {
      for (const table of relations.filter((relation) => relation.name === TYPEORM_METADATA_TABLE && relation.kind === 'r')) {
        generatedMetadata.push(...(await query<GeneratedMetadataRow>(generatedMetadataSql(`${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`), [table.schema])));
      }
    }
    await query(scope.end);
    const model = assemble({ relations, columns, constraints, indexes, enums, generatedMetadata }, options, problems);
    return { model, problems, queryCount };
  } catch (error) {
    await client.query(scope.abort).catch(() => {});
    throw toDatabaseError(error, 'reading the catalogs of', connectionOf(client));
  }
}
