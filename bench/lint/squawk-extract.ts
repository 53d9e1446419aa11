// `npm run bench:lint:extract`: regenerates bench/lint/squawk-cases.json from a git mirror of squawk
// (https://github.com/sbdchd/squawk, MIT OR Apache-2.0; the SQL of its tests is copied under its MIT
// licence, see bench/lint/SQUAWK-LICENSE). The mirror is a bare git dir, as the `fetch` tool makes:
//
//   npm run bench:lint:extract [-- --mirror /work/.mirror/sbdchd+squawk/repo] [--commit SHA] [--out FILE]
//
// Every #[test] of crates/squawk_linter/src/rules/*.rs becomes one case per lint call: the SQL,
// the rule, the PostgreSQL version and transaction assumption squawk lints it with, and squawk's
// verdict (violation or not; with the number of violations when its snapshot shows them).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { casesOfFile, ruleNames, type SquawkCase, type Unreadable } from './squawk-tests';

const { values: opts } = parseArgs({
  options: {
    mirror: { type: 'string', default: process.env.SQUAWK_MIRROR ?? '/work/.mirror/sbdchd+squawk/repo' },
    commit: { type: 'string', default: 'HEAD' },
    out: { type: 'string', default: join(__dirname, 'squawk-cases.json') },
  },
});

const mirror = resolve(opts.mirror);
const git = (...args: string[]): string =>
  execFileSync('git', ['--git-dir', mirror, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

const commit = git('rev-parse', `${opts.commit}^{commit}`).trim();
const rulesDir = 'crates/squawk_linter/src/rules';
const files = git('ls-tree', '--name-only', `${commit}:${rulesDir}`).split('\n').filter((f) => f.endsWith('.rs') && f !== 'mod.rs');
const snapshots = new Set(git('ls-tree', '--name-only', `${commit}:${rulesDir}/snapshots`).split('\n'));
const names = ruleNames(git('show', `${commit}:crates/squawk_linter/src/lib.rs`));

const cases: SquawkCase[] = [];
const unreadable: Unreadable[] = [];
const testsWithoutCases: string[] = [];
for (const file of files) {
  const module = file.replace(/\.rs$/, '');
  const result = casesOfFile(file, git('show', `${commit}:${rulesDir}/${file}`), names, (test) => {
    const snap = `squawk_linter__rules__${module}__test__${test}.snap`;
    return snapshots.has(snap) ? git('show', `${commit}:${rulesDir}/snapshots/${snap}`) : undefined;
  });
  cases.push(...result.cases);
  unreadable.push(...result.unreadable);
  testsWithoutCases.push(...result.testsWithoutCases);
}

const committed = git('show', '-s', '--format=%cI', commit).trim();
const out = {
  source: 'https://github.com/sbdchd/squawk',
  commit,
  committed,
  licence: 'MIT OR Apache-2.0 (copied under MIT; see SQUAWK-LICENSE)',
  extractedBy: 'bench/lint/squawk-extract.ts',
  cases,
  unreadable,
  testsWithoutCases,
};
writeFileSync(opts.out, JSON.stringify(out, null, 2) + '\n');
const rules = new Set(cases.map((c) => c.rule));
console.log(`${cases.length} cases of ${rules.size} rules from squawk ${commit.slice(0, 10)} (${committed}); ` +
  `${unreadable.length} unreadable, ${testsWithoutCases.length} tests without a lint call -> ${opts.out}`);
