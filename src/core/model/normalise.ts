// Normalisation shared by both readers and the diff. Stub; implementation follows.
export function normaliseExpression(expression: string): string {
  return expression.replace(/\s+/g, ' ').trim();
}

export function canonicalType(type: string): string {
  return type.trim().toLowerCase();
}
