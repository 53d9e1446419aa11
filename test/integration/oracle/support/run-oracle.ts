// One oracle run: a fresh database, TypeORM synchronizes the fixture into it, then both readers
// (entity files, database catalogs) produce their SchemaModel and the two are compared structurally.
import { relative } from 'node:path';
import fg from 'fast-glob';
import { introspect } from '../../../../src/core/database';
import { readEntities } from '../../../../src/core/entities';
import type { ReadProblem } from '../../../../src/core/model/schema';
import { createTestDatabase } from '../../support/postgres';
import { compareModels } from './compare-models';
import type { OracleFixture, OracleTypeorm } from './fixtures';
import { synchronizeFixture } from './synchronize';

export interface OracleRun {
  fixture: string;
  typeorm: string;
  typeormVersion: string;
  synchronizeMs: number;
  entityFiles: number;
  tables: number;
  /** Structural differences, then reader problems (errors and warnings), sorted. */
  differences: string[];
}

function describeProblem(reader: string, problem: ReadProblem, root: string): string {
  const file = problem.span?.file ?? problem.file;
  const at = file ? ` at ${relative(root, file)}${problem.span ? `:${problem.span.start.line + 1}` : ''}` : '';
  return `${reader} ${problem.severity}${at}: ${problem.message}`;
}

export async function runOracle(fixture: OracleFixture, typeorm: OracleTypeorm): Promise<OracleRun> {
  const database = await createTestDatabase(`oracle ${fixture.name} ${typeorm.typeormPackage}`);
  try {
    if (fixture.setupSql) await database.exec(fixture.setupSql);
    const synchronized = await synchronizeFixture({
      projectDir: fixture.root,
      dataSourceFile: fixture.dataSourceFile,
      typeormPackage: typeorm.typeormPackage,
      url: database.url,
    });

    const client = await database.connect();
    let actual: Awaited<ReturnType<typeof introspect>>;
    try {
      actual = await introspect(client, { schemas: fixture.schemas });
    } finally {
      await client.end();
    }

    const files = await fg(fixture.entityGlobs, { cwd: fixture.root, absolute: true, ignore: ['**/node_modules/**'] });
    // The reader reproduces the mapping of the TypeORM version that built the database (they differ
    // for junction foreign keys, see /work/coord/oracle-mismatches.md).
    const intended = readEntities({ root: fixture.root, naming: fixture.naming, files: files.sort(), typeormVersion: synchronized.typeormVersion });

    const problems = [
      ...intended.problems.filter((problem) => problem.severity !== 'info').map((problem) => describeProblem('entity reader', problem, fixture.root)),
      ...actual.problems.filter((problem) => problem.severity !== 'info').map((problem) => describeProblem('introspector', problem, fixture.root)),
    ].sort();
    return {
      fixture: fixture.name,
      typeorm: typeorm.typeormPackage,
      typeormVersion: synchronized.typeormVersion,
      synchronizeMs: synchronized.synchronizeMs,
      entityFiles: files.length,
      tables: actual.model.tables.length,
      differences: [...compareModels(intended.model, actual.model), ...problems],
    };
  } finally {
    await database.drop();
  }
}
