// One oracle run: a fresh database, TypeORM synchronizes the fixture into it, then both readers
// (entity files, database catalogs) produce their SchemaModel and the two are compared structurally;
// Schema Lens's own diff of the two models, and its end-to-end check of the project, must find no drift.
import { relative } from 'node:path';
import fg from 'fast-glob';
import { runCheck } from '../../../../src/core/check';
import { introspect } from '../../../../src/core/dialect/postgres/catalog';
import { postgres } from '../../../../src/core/dialect';
import { diff, type Change } from '../../../../src/core/diff';
import { readProjectFile } from '../../../../src/core/config';
import { readEntities } from '../../../../src/core/entities';
import { withoutUnmappedBookkeeping } from '../../../../src/core/model/bookkeeping';
import { modelUnknowns } from '../../../../src/core/model/coverage';
import { qualifiedKey, type ReadProblem } from '../../../../src/core/model/schema';
import type { Finding } from '../../../../src/core/rules/finding';
import { createTestDatabase } from '../../support/postgres';
import { compareModels } from './compare-models';
import type { OracleFixture, OracleTypeorm } from './fixtures';
import { synchronizeFixture } from './synchronize';

/** The TypeORM the product detects for the fixtures: the one installed in this repository. */
const productTypeorm = 'typeorm';

export interface OracleRun {
  fixture: string;
  typeorm: string;
  typeormVersion: string;
  synchronizeMs: number;
  entityFiles: number;
  tables: number;
  /**
   * Structural differences, reader problems (errors and warnings), and the drift Schema Lens's own
   * diff() reports between the two models and its end-to-end check reports (it must report none on a
   * database TypeORM built).
   */
  differences: string[];
  /** What the entity reader left unknown: each cause's reason, sorted. */
  unknowns: string[];
}

function describeProblem(reader: string, problem: ReadProblem, root: string): string {
  const file = problem.span?.file ?? problem.file;
  const at = file ? ` at ${relative(root, file)}${problem.span ? `:${problem.span.start.line + 1}` : ''}` : '';
  return `${reader} ${problem.severity}${at}: ${problem.message}`;
}

/** `product diff: column-type public.post.title`: what Schema Lens itself would report as drift. */
function describeChange(change: Change): string {
  switch (change.kind) {
    case 'table-missing':
    case 'enum-missing':
    case 'enum-values':
      return `product diff: ${change.kind} ${qualifiedKey(change.intended)}`;
    case 'table-unmapped':
      return `product diff: ${change.kind} ${qualifiedKey(change.actual)}`;
    case 'column-unmapped':
      return `product diff: ${change.kind} ${qualifiedKey(change.table.intended)}.${change.actual.name}`;
    case 'column-missing':
    case 'column-type':
    case 'column-nullable':
    case 'column-default':
      return `product diff: ${change.kind} ${qualifiedKey(change.table.intended)}.${change.intended.name}`;
    default:
      return `product diff: ${change.kind} ${qualifiedKey(change.table.intended)}`;
  }
}

/** Findings that mean "entities and database disagree": drift, and missing or different foreign keys. */
function isDriftFinding(finding: Finding): boolean {
  return finding.category === 'drift' || finding.code === 'SL201' || finding.code === 'SL202';
}

function describeFinding(finding: Finding): string {
  const object = `${finding.schema}.${finding.table}${finding.column ? `.${finding.column}` : ''}`;
  return `product check: ${finding.code} ${object}: ${finding.message}`;
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
      actual = await introspect(client, { schemas: fixture.schemas, includeBookkeeping: true });
    } finally {
      await client.end();
    }

    const files = await fg(fixture.entityGlobs, { cwd: fixture.root, absolute: true, ignore: ['**/node_modules/**'] });
    // The reader reproduces the mapping of the TypeORM version that built the database (they differ
    // for junction foreign keys, see /work/coord/oracle-mismatches.md).
    const intended = readEntities({
      root: fixture.root,
      naming: fixture.naming,
      files: files.sort(),
      typeormVersion: synchronized.typeormVersion,
      uuidExtension: fixture.uuidExtension,
      entityPrefix: fixture.entityPrefix,
      // What the fixture's schema-lens.json declares, as discovery reads it for `check`.
      declarations: readProjectFile(fixture.root).declarations,
    });

    // TypeORM's own tables are the product's bookkeeping, unless an entity maps one (as check reads them).
    actual = { ...actual, model: withoutUnmappedBookkeeping(actual.model, intended.model) };

    const problems = [
      ...intended.problems.filter((problem) => problem.severity !== 'info').map((problem) => describeProblem('entity reader', problem, fixture.root)),
      ...actual.problems.filter((problem) => problem.severity !== 'info').map((problem) => describeProblem('introspector', problem, fixture.root)),
    ].sort();
    // End to end, as a user runs it: `schema-lens check` discovers the data source (naming strategy,
    // entity globs, schemas) itself. It reproduces the TypeORM installed above the project (1.x
    // here), so it is only asked about the database that version built.
    const checked = typeorm.typeormPackage === productTypeorm ? await runCheck({ root: fixture.root, overrides: { db: database.url }, shadow: 'never' }) : undefined;
    const drift = [
      ...(checked?.findings ?? []).filter(isDriftFinding).map(describeFinding),
      ...(checked?.problems ?? []).filter((problem) => problem.severity !== 'info').map((problem) => describeProblem('product check', problem, fixture.root)),
    ].sort();

    return {
      fixture: fixture.name,
      typeorm: typeorm.typeormPackage,
      typeormVersion: synchronized.typeormVersion,
      synchronizeMs: synchronized.synchronizeMs,
      entityFiles: files.length,
      tables: actual.model.tables.length,
      differences: [
        ...compareModels(intended.model, actual.model),
        ...problems,
        ...diff(intended.model, actual.model, postgres.spelling).map(describeChange).sort(),
        ...drift,
      ],
      unknowns: [...new Map(modelUnknowns(intended.model).map((fact) => [fact.cause, fact.reason])).values()].sort(),
    };
  } finally {
    await database.drop();
  }
}
