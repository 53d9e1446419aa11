// A database failure as one classified, one-line, password-free error, whatever the dialect. Each
// dialect's catalog turns its driver's errors into this (postgres/catalog/errors.ts).
export type DatabaseErrorKind = 'refused' | 'auth' | 'timeout' | 'not-found' | 'lost' | 'other';

export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(
    readonly kind: DatabaseErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}
