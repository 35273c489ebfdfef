import fs from 'node:fs';

/**
 * DATA_DIR holds secrets (the JWT secret, the database password), the database and e-mails: its owner only.
 * As root the embedded PostgreSQL runs as user "postgres", which must pass through it to its data directory, so
 * there it is 0711: others may enter a path they already know but never list or read what is inside.
 */
export const privateDirMode = (): number => (process.getuid?.() === 0 ? 0o711 : 0o700);

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: privateDirMode() });
  fs.chmodSync(dir, privateDirMode());
}

/** Reads a secret file, first narrowing it to 0600 should someone have copied it in with looser rights. */
export function readSecretFile(file: string): string {
  fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}
