// The short run of the readers' fuzzer (bench/reliability/fuzz.ts): a few hundred mutated entity
// and migration files from test/fixtures and generated entities, through the public entries. No
// crash (an exception out of a reader), no hang (over a second of CPU time, twice). The seed is
// printed; SCHEMA_LENS_FUZZ_SEED=<seed> reruns the same cases, SCHEMA_LENS_FUZZ_CASE=<n> one of them.
// The long run (10,000 cases) is `npm run bench:reliability`.
import assert from 'node:assert/strict';
import { fuzz, fuzzSeed, HANG_MS } from '../../../bench/reliability/fuzz';

const CASES = 250;

describe('fuzzing the entity and migration readers (short run)', function () {
  // A few seconds of CPU; the wall-clock time depends on how loaded the machine is.
  this.timeout(300_000);

  it(`${CASES} cases: no crash, no case over ${HANG_MS} ms of CPU`, async () => {
    const seed = fuzzSeed();
    const only = process.env.SCHEMA_LENS_FUZZ_CASE ? Number(process.env.SCHEMA_LENS_FUZZ_CASE) : undefined;
    console.log(`      fuzz seed ${seed} (SCHEMA_LENS_FUZZ_SEED=${seed} reproduces these cases)`);
    const report = await fuzz({ seed, count: CASES, only });
    const failures = [...report.crashes, ...report.hangs].map((result) => `case ${result.index} (${result.what}): ${result.crash ?? `${Math.round(result.cpuMs)} ms of CPU`}`);
    assert.deepEqual(failures, [], `seed ${seed}; SCHEMA_LENS_FUZZ_SEED=${seed} SCHEMA_LENS_FUZZ_CASE=<n> reruns one case`);
    assert.equal(report.cases, only === undefined ? CASES : 1);
    console.log(`      ${report.cases} cases, slowest ${Math.round(report.maxCpuMs)} ms of CPU (${report.slowest?.what}), median ${report.p50CpuMs.toFixed(1)} ms`);
  });
});
