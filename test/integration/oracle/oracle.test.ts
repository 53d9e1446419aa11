// The oracle (issue 3, "Prove it"): for every fixture project and both TypeORM lines (0.3.x, 1.x),
// TypeORM itself synchronizes the entities into a fresh PostgreSQL database, loaded the way a real
// build loads them (transpiled with emitDecoratorMetadata); then the static entity reader and the
// catalog introspector must produce the same SchemaModel, object by object; Schema Lens's own diff
// and its end-to-end `check` must report no drift. Differences that are not fixed yet are listed in
// known-gaps.ts and asserted to still exist.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { knownGaps } from './known-gaps';
import { oracleFixtures, oracleTypeorms } from './support/fixtures';
import { runOracle, type OracleRun } from './support/run-oracle';
import { formatOracleReport } from './support/report';

describe('oracle: entity model equals the schema TypeORM synchronized', function () {
  const runs: OracleRun[] = [];

  after(function () {
    // Optional report for the team (differences and synchronize timings), never written in CI.
    const reportPath = process.env.SCHEMA_LENS_ORACLE_REPORT;
    if (reportPath) writeFileSync(reportPath, formatOracleReport(runs, knownGaps));
  });

  for (const fixture of oracleFixtures) {
    for (const typeorm of oracleTypeorms) {
      it(`${fixture.name} with ${typeorm.label}`, async function () {
        this.timeout(180_000);
        const run = await runOracle(fixture, typeorm);
        runs.push(run);
        const key = `${fixture.name}/${typeorm.typeormPackage}`;
        const expected = [...(knownGaps[key] ?? [])].sort();
        const unexpected = run.differences.filter((line) => !expected.includes(line));
        const fixed = expected.filter((line) => !run.differences.includes(line));
        const message = [
          `${key} (TypeORM ${run.typeormVersion}): the entity model and the database disagree.`,
          ...(unexpected.length ? ['New differences (fix the reader or the introspector):', ...unexpected.map((line) => `  ${line}`)] : []),
          ...(fixed.length ? [`Known gaps that no longer occur (remove them from known-gaps.ts):`, ...fixed.map((line) => `  ${line}`)] : []),
        ].join('\n');
        assert.deepEqual([...run.differences].sort(), expected, message);
        assert.deepEqual(run.unknowns, fixture.expectedUnknowns ?? [], `${key}: what the entity reader leaves unknown`);
      });
    }
  }
});
