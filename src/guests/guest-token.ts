import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: 43 characters. */
export function newGuestToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a string can be a token at all; anything else is looked up nowhere. */
export function isWellFormedGuestToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function hashGuestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
