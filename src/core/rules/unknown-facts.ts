// SL001: what the entity reader could not read statically, once per cause (one wrapper decorator,
// one helper call, one unresolvable import), however many columns it touches. The facts behind it
// were compared with nothing (src/core/diff), so this is the only finding they give.
import { modelUnknowns } from '../model/coverage';
import type { SourceSpan, UnknownFact } from '../model/schema';
import { defineRule, type Rule } from './rule';

/** How many related places a finding lists besides its own. */
const MAX_RELATED = 20;

function byPosition(a: UnknownFact, b: UnknownFact): number {
  const fa = a.span?.file ?? '';
  const fb = b.span?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.span?.startOffset ?? -1) - (b.span?.startOffset ?? -1);
}

function sameSpan(a: SourceSpan | undefined, b: SourceSpan | undefined): boolean {
  return a?.file === b?.file && a?.startOffset === b?.startOffset;
}

const unknownFactsRule = defineRule('SL001', 'reader', 'info', 'Not statically readable',
  'Schema Lens reads entities without running them. What it could not read (a decorator it cannot follow, an option computed at run time) is compared with nothing, so it can hide drift; declaring it makes it checked.', (context, emit) => {
  const causes = new Map<string, UnknownFact[]>();
  for (const fact of modelUnknowns(context.intended)) {
    const facts = causes.get(fact.cause);
    if (facts) facts.push(fact);
    else causes.set(fact.cause, [fact]);
  }
  for (const facts of causes.values()) {
    facts.sort(byPosition);
    const first = facts[0]!;
    // Sorted by position, facts at one place are neighbours: keep the first of each.
    const places: UnknownFact[] = [];
    for (const fact of facts) if (fact.span && !sameSpan(places[places.length - 1]?.span, fact.span)) places.push(fact);
    const count = places.length > 1 ? ` (${places.length} places)` : '';
    const table = context.intended.tables.find((candidate) => candidate.span?.file === first.span?.file) ?? context.intended.tables[0];
    emit({
      message: `Not statically readable${count}: ${first.reason}.${first.hint ? ` ${first.hint}` : ''}`,
      schema: table?.schema ?? '',
      table: table?.name ?? '',
      span: first.span,
      related: places.slice(1, MAX_RELATED + 1).map((fact) => ({ message: 'also here', span: fact.span! })),
    });
  }
});
/** Model-wide: one cause can reach into many tables. */
export const unknownFacts: Rule = { ...unknownFactsRule, scope: 'model' };
