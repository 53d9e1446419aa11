import { strict as assert } from 'node:assert';
import { casesOfFile, ruleNames } from '../../../bench/lint/squawk-tests';

// A rule file in the shapes squawk's tests take (crates/squawk_linter/src/rules/*.rs).
const source = String.raw`
pub(crate) fn rule(ctx: &mut Linter) { let q = '"'; let s = "not a test"; }

#[cfg(test)]
mod test {
    use crate::{LinterSettings, Rule};

    fn lint_ok_with(sql: &str, settings: LinterSettings) {
        crate::test_utils::lint_ok_with(sql, settings, Rule::RequireConcurrentIndexCreation);
    }

    fn pg19() -> LinterSettings {
        LinterSettings { pg_version: "19".parse().expect("x"), ..Default::default() }
    }

    #[test]
    fn err() {
        let sql = r#"
CREATE INDEX "a" ON "t" ("c"); -- "quoted" in a raw string
        "#;
        assert_snapshot!(lint_errors(sql, Rule::RequireConcurrentIndexCreation));
    }

    #[test]
    fn ok_in_transaction() {
        let sql = "CREATE TABLE t (c int);\nCREATE INDEX ON t (c);";
        let settings = LinterSettings { assume_in_transaction: true, ..Default::default() };
        lint_ok_with(sql, settings);
    }

    #[test]
    fn inline() {
        assert_snapshot!(lint_errors_with("CLUSTER foo;", pg19(), Rule::RequireConcurrentIndexCreation), @"
        warning[require-concurrent-index-creation]: one
        warning[require-concurrent-index-creation]: two
        ");
        let sql = format!("create index {name} on t (c);");
        assert_snapshot!(lint_errors(&sql, Rule::RequireConcurrentIndexCreation));
    }

    #[test]
    fn not_a_lint() {
        assert_eq!(1, 1);
    }
}
`;

const lib = String.raw`
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let val = match &self {
            Rule::RequireConcurrentIndexCreation => "require-concurrent-index-creation",
        };
    }
}`;

describe('squawk rule tests -> cases (bench/lint/squawk-tests.ts)', () => {
  const names = ruleNames(lib);
  const snapshots: Record<string, string> = { err: 'warning[require-concurrent-index-creation]: x\n' };
  const result = casesOfFile('r.rs', source, names, (name) => snapshots[name]);

  it('reads the SQL, rule, verdict, settings and snapshot count of each lint call', () => {
    assert.deepEqual(result.cases.map((c) => [c.test, c.index, c.rule, c.verdict, c.expectedViolations, c.settings.pgVersion, c.settings.assumeInTransaction]), [
      ['r.rs::err', 1, 'require-concurrent-index-creation', 'violation', 1, 15, false],
      ['r.rs::ok_in_transaction', 1, 'require-concurrent-index-creation', 'ok', undefined, 15, true],
      ['r.rs::inline', 1, 'require-concurrent-index-creation', 'violation', 2, 19, false],
    ]);
    assert.equal(result.cases[0]!.sql.trim(), 'CREATE INDEX "a" ON "t" ("c"); -- "quoted" in a raw string');
    assert.equal(result.cases[1]!.sql, 'CREATE TABLE t (c int);\nCREATE INDEX ON t (c);');
  });

  it('reports SQL built at run time instead of guessing it, and tests that lint nothing', () => {
    assert.deepEqual(result.unreadable.map((u) => u.test), ['r.rs::inline']);
    assert.match(result.unreadable[0]!.reason, /built at run time/);
    assert.deepEqual(result.testsWithoutCases, ['r.rs::not_a_lint']);
  });
});
