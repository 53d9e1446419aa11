// The name of a fix's migration.

/** A PascalCase migration name from words (the scaffolder appends the timestamp). */
export function migrationName(...words: string[]): string {
  const name = words
    .flatMap((word) => word.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
  return (/^[A-Za-z]/.test(name) ? name : `M${name}`).slice(0, 80);
}
