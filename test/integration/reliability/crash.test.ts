// Crashes mid-migration and concurrent runners (bench/reliability/kill.ts), a handful of each: the
// CLI killed with SIGKILL during migrate or revert (drawn) in each transaction mode at a random
// moment (the seed is printed; SCHEMA_LENS_KILL_SEED reruns the same moments), then the schema and
// the migrations table agree and running again continues to the end; two and five concurrent
// migrate runs run every migration exactly once. The long run (100 kills) is npm run bench:reliability.
import assert from 'node:assert/strict';
import { concurrentMigrate, killProject, killRun, type KillProject, migrateDuration, MODES, random } from '../../../bench/reliability/kill';

describe('crashes mid-migration and concurrent runners (real PostgreSQL, kill -9)', function () {
  this.timeout(600_000);
  let kp: KillProject;
  let duration: number;
  const seed = process.env.SCHEMA_LENS_KILL_SEED ? Number(process.env.SCHEMA_LENS_KILL_SEED) : Math.floor(Math.random() * 2 ** 31);
  const next = random(seed);

  before(async () => {
    console.log(`      kill seed ${seed} (SCHEMA_LENS_KILL_SEED=${seed} reproduces the kill moments)`);
    kp = await killProject('crash');
    duration = await migrateDuration(kp);
  });
  after(async () => {
    await kp?.dispose();
  });

  for (const mode of MODES) {
    it(`transaction mode ${mode}: migrate or revert killed at a random moment, the history agrees with the schema, and running again finishes`, async () => {
      const command = next() < 0.5 ? 'migrate' : 'revert';
      const killAfterMs = Math.floor(next() * duration);
      const outcome = await killRun(kp, mode, command, killAfterMs);
      assert.deepEqual(outcome.disagreements, [], `after the kill at ${killAfterMs} ms: ${JSON.stringify(outcome)}`);
      assert.deepEqual(outcome.afterRecovery, [], `after running again: ${JSON.stringify(outcome)}`);
    });
  }

  for (const runners of [2, 5]) {
    it(`${runners} concurrent migrate runs: one proceeds, the others wait, every migration runs once`, async () => {
      const outcome = await concurrentMigrate(kp, runners);
      assert.deepEqual(outcome.problems, [], JSON.stringify(outcome));
      assert.ok(outcome.waited + outcome.refused >= 1, `at least one met the lock: ${JSON.stringify(outcome)}`);
    });
  }
});
