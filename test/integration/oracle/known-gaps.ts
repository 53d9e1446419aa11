// Known gaps: differences the oracle currently finds between the entity model and the database
// TypeORM built, per `${fixture}/${typeormPackage}`. The oracle asserts the differences are EXACTLY
// these: when a reader is fixed, the run fails until the fixed line is removed here, so this list can
// only shrink honestly. Each entry says which side is believed wrong; evidence is in
// /work/coord/oracle-mismatches.md. The `product check` lines exist only for the 1.x pass (runCheck
// reproduces the TypeORM installed in this repository).
export const knownGaps: Record<string, string[]> = {};
