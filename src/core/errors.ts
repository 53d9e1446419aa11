// What a thrown value says, for problems and messages: anything can be thrown, not only Errors.

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
