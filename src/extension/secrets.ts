// Keeps passwords out of the output channel. Every line the extension logs passes through mask():
// known secret values (passwords we were given) and anything shaped like a credential in a
// connection string are replaced, so a careless log line cannot leak one.
const MASK = '***';

// postgres://user:secret@host -> postgres://user:***@host
const urlCredentials = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s@/]+)(@)/gi;
// password=secret, "password": "secret", PGPASSWORD=secret
const keyValuePassword = /((?:password|passwd|pgpassword|pwd)["']?\s*[:=]\s*["']?)([^\s"',;&}]+)/gi;

export class SecretMasker {
  private readonly secrets = new Set<string>();

  /** Remember a secret value so it is masked wherever it appears. */
  add(secret: string | undefined): void {
    // One- or two-character "secrets" would mask ordinary text; they are still hidden by the patterns.
    if (secret && secret.length >= 3) this.secrets.add(secret);
  }

  mask(text: string): string {
    let masked = text.replace(urlCredentials, `$1${MASK}$3`).replace(keyValuePassword, `$1${MASK}`);
    for (const secret of this.secrets) masked = masked.split(secret).join(MASK);
    return masked;
  }
}
