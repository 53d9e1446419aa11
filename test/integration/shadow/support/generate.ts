// TypeORM's own `migration:generate`, as a function: load the project's entities and migrations,
// run the migrations into a real database, ask TypeORM's schema builder what is left to do
// (`createSchemaBuilder().log()`, the same call the CLI makes) and write the file with the CLI's
// own template. Fixture migrations under test/fixtures/shadow were written by this, and tests use
// it to write the fix migration after an entity edit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MigrationGenerateCommand } from 'typeorm/commands/MigrationGenerateCommand.js';
import { loadMigrations, loadTypeScriptModules } from '../../../../src/core/migrations/load';

export interface GenerateOptions {
  root: string;
  /** A database the generation may use (its content is replaced by the migrations' schema). */
  url: string;
  entityFiles: string[];
  migrationFiles: string[];
  migrationsDir: string;
  name: string;
  timestamp: number;
}

// The CLI's helpers are static members that TypeScript declares protected.
const template = MigrationGenerateCommand as unknown as {
  getTemplate(name: string, timestamp: number, upSqls: string[], downSqls: string[]): string;
  escapeTemplateLiteral(query: string): string;
  queryParams(parameters: unknown[] | undefined): string;
};

function statement(query: { query: string; parameters?: unknown[] }): string {
  return `        await queryRunner.query(\`${template.escapeTemplateLiteral(query.query)}\`${template.queryParams(query.parameters)});`;
}

/** Writes the migration and returns its path, or undefined when the entities need none. */
export async function generateMigration(options: GenerateOptions): Promise<string | undefined> {
  const { modules, problems } = loadTypeScriptModules(options.entityFiles, { root: options.root });
  const loaded = await loadMigrations(options.migrationFiles, { root: options.root });
  const failures = [...problems, ...loaded.problems];
  if (failures.length > 0) throw new Error(failures.map((problem) => problem.message).join('\n'));
  const entities = [...modules.values()].flatMap((exports) => Object.values(exports as Record<string, unknown>)).filter((value): value is Function => typeof value === 'function');
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations: loaded.migrations.map((migration) => migration.migrationClass as new () => never),
    logging: false,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) return undefined;
    const text = template.getTemplate(
      options.name,
      options.timestamp,
      sql.upQueries.map(statement),
      // As migration:generate writes it: down() undoes up() last statement first.
      sql.downQueries.map(statement).reverse(),
    );
    const file = join(options.migrationsDir, `${options.timestamp}-${options.name}.ts`);
    writeFileSync(file, text);
    return file;
  } finally {
    await dataSource.destroy();
  }
}
