// The "actual" side of the comparison for one data source: the live database (read-only
// connection, introspected, closed again) or the embedded shadow database with the migrations
// replayed. Cancellation closes the connection; the caller drops the result.
import type * as vscode from 'vscode';
import type { ConnectionSettings, DataSourceConfig } from '../core/config/index';
import { describeConnection, findFiles } from '../core/config/index';
import { postgres, type TableSize } from '../core/dialect';
import { confirmGeneratedExpressions } from '../core/diff';
import { withoutUnmappedBookkeeping, type ReadProblem, type SchemaModel } from '../core/model';
import type { Finding } from '../core/rules';
import type { ShadowDatabase } from '../core/shadow/index';
import { CancelledError } from './progress';

export interface ActualModel {
  model: SchemaModel;
  source: 'database' | 'shadow';
  /** Findings the actual side produced itself (e.g. a migration that failed to replay). */
  findings: Finding[];
  problems: ReadProblem[];
  /** For the status bar: the connection description, or how many migrations were replayed. */
  description: string;
  migrations: number;
  /**
   * The live database's table sizes (`schema.name`), read with the model: the migration lint's
   * size-sensitive findings are errors on big tables and information on empty ones. Not for the shadow.
   */
  tableSizes?: ReadonlyMap<string, TableSize>;
}

/**
 * @param intended the entities as last read, if they were: generated expressions the catalog prints
 *   rewritten are confirmed as theirs while the connection is open
 */
export async function readDatabase(config: DataSourceConfig, connection: ConnectionSettings, timeoutMs: number, token: vscode.CancellationToken, intended?: SchemaModel): Promise<ActualModel> {
  const client = await postgres.catalog.connectReadOnly(connection, { timeoutMs });
  const closing = token.onCancellationRequested(() => void client.end().catch(() => undefined));
  try {
    const read = await postgres.catalog.introspect(client, { schemas: [config.schema], migrationsTableName: config.migrationsTableName, includeBookkeeping: true });
    const { problems } = read;
    // TypeORM's own tables only where an entity maps one.
    const ownTables = withoutUnmappedBookkeeping(read.model, intended, config.migrationsTableName);
    const model = intended ? await confirmGeneratedExpressions(intended, ownTables, postgres.spelling, (questions) => postgres.catalog.sameExpressions(client, questions)) : ownTables;
    // One catalog query for every table, so that linting a migration as it is typed needs no connection.
    const tableSizes = await postgres.migrationSql.tableSizes(client, read.model.tables.map((table) => ({ schema: table.schema, name: table.name })));
    if (token.isCancellationRequested) throw new CancelledError();
    return { model, source: 'database', findings: [], problems, description: describeConnection(connection), migrations: 0, tableSizes };
  } finally {
    closing.dispose();
    await client.end().catch(() => undefined);
  }
}

/** @param intended the entities as last read, if they were: a bookkeeping table one maps (TypeORM's migrations table) stays */
export async function readShadow(shadow: ShadowDatabase, config: DataSourceConfig, token: vscode.CancellationToken, intended?: SchemaModel): Promise<ActualModel> {
  const { migrationFiles, result } = await replayCheckingDowns(shadow, config);
  if (token.isCancellationRequested) throw new CancelledError();
  return { model: withoutUnmappedBookkeeping(result.model, intended, config.migrationsTableName), source: 'shadow', findings: result.findings, problems: result.problems, description: 'embedded', migrations: migrationFiles.length };
}

/**
 * The project's migrations replayed on the embedded database, each down() checked too: SL624 (down()
 * does not undo up()) comes with the replay's findings, shown in the migration files. Cached by the
 * files' contents, so only new or changed migrations cost a replay.
 */
export async function replayCheckingDowns(shadow: ShadowDatabase, config: DataSourceConfig) {
  const migrationFiles = await findFiles(config.root, config.migrationGlobs);
  return { migrationFiles, result: await shadow.analyse(config, migrationFiles, { checkDown: true }) };
}
