// A squawk case as a TypeORM migration file, the form our lint reads: the SQL verbatim in one
// queryRunner.query() of up(); `transaction = false` when squawk lints it outside a transaction.
import type { SquawkCase } from './squawk-tests';

/** The case as a TypeORM migration file: the SQL verbatim in a template literal. */
export function migrationOf(c: SquawkCase, className: string): string {
  const literal = c.sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
  return [
    `import { MigrationInterface, QueryRunner } from 'typeorm';`,
    ``,
    `export class ${className} implements MigrationInterface {`,
    ...(c.settings.assumeInTransaction ? [] : [`  public transaction = false;`, ``]),
    `  public async up(queryRunner: QueryRunner): Promise<void> {`,
    `    await queryRunner.query(\`${literal}\`);`,
    `  }`,
    ``,
    `  public async down(): Promise<void> {}`,
    `}`,
    ``,
  ].join('\n');
}
