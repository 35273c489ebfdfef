import { createSecretKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { GraphQLError } from 'graphql';
import { Role, Viewer, anonymous } from './viewer';

export interface TokenClaims {
  sub: string;
  role: Role;
  email: string;
}

export function signToken(
  secret: string,
  claims: TokenClaims,
  expiresIn: jwt.SignOptions['expiresIn'] = '8h',
): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

// jsonwebtoken turns a string secret into a KeyObject on every verify, first trying it as a PEM public key and
// catching the failure: a thrown error per request, 0.6 ms of a 4.4 ms history page. The key is made once.
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

/** Authorization header → viewer. No header is anonymous; a bad token is an error, never silently anonymous. */
export function viewerFromAuthorization(header: string | undefined, secret: string): Viewer {
  if (!header) return anonymous;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(match[1], secretKey(secret), { algorithms: ['HS256'] });
    if (typeof decoded === 'string') throw new Error('string payload');
    claims = decoded;
  } catch {
    throw unauthenticated('The bearer token is invalid or has expired');
  }
  const sub = typeof claims.sub === 'string' ? claims.sub.trim() : '';
  const email = typeof claims.email === 'string' ? claims.email : '';
  if (!sub || sub.length > 128) throw unauthenticated('The token has no usable "sub" claim');
  if (email.length > 255) throw unauthenticated('The token\'s "email" claim is longer than 255 characters');
  if (claims.role === 'customer') return { kind: 'customer', customerReference: sub, email };
  if (claims.role === 'back-office') return { kind: 'back-office', userId: sub, email };
  throw unauthenticated('The token\'s "role" claim must be "customer" or "back-office"');
}
