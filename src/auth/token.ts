import { createSecretKey, KeyObject } from 'node:crypto';
import { isEmail } from 'class-validator';
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
  extra: Pick<jwt.SignOptions, 'issuer' | 'audience' | 'notBefore'> = {},
): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn, ...extra });
}

export interface TokenPolicy {
  secret: string;
  /** The longest lifetime a token may have: exp − iat, and exp − now. */
  maxAgeSeconds: number;
  /** When set, the `iss` / `aud` claims must match. */
  issuer?: string;
  audience?: string;
  /** The time tokens are checked against, in ms; the system clock when omitted. */
  now?: () => number;
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

/**
 * Tokens this policy verified, with the viewer each stands for: a client sends the same token with every request
 * for hours, and verifying it (an HMAC, two base64 JSON documents, the e-mail claim's syntax) was about 2.5 % of a
 * history page. Only tokens that passed every check are kept, under the whole token text: the same text carries the
 * same signature and claims, so it verifies the same way for as long as it is not expired, and that is checked again
 * on every use. The checks depending on the time are monotonic otherwise (`nbf` passed stays passed; the lifetime
 * measured from `min(iat, now)` only shrinks). Per policy object, so another secret or issuer never sees them;
 * the server's policies are frozen, so their secret cannot change under what was verified with it.
 */
const verifiedByPolicy = new WeakMap<TokenPolicy, Map<string, { viewer: Viewer; exp: number }>>();
/** Enough for every client of a busy process; the oldest entry makes room (a miss only verifies again). */
const MAX_VERIFIED_TOKENS = 1000;

/**
 * Authorization header → viewer. No header is anonymous; a bad token is an error, never silently anonymous.
 * A token must expire (`exp`), within `maxAgeSeconds`; `nbf` is honoured; `iss`/`aud` are checked when configured.
 */
export function viewerFromAuthorization(header: string | undefined, policy: TokenPolicy): Viewer {
  if (!header) return anonymous;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  const token = match[1];
  const now = Math.floor((policy.now ?? Date.now)() / 1000);
  let verified = verifiedByPolicy.get(policy);
  const known = verified?.get(token);
  // jsonwebtoken's own test: expired once `now >= exp`.
  if (known && now < known.exp) return known.viewer;
  const { viewer, exp } = verify(token, policy, now);
  if (!verified) {
    verified = new Map();
    verifiedByPolicy.set(policy, verified);
  }
  if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
  verified.set(token, { viewer, exp });
  return viewer;
}

function verify(token: string, policy: TokenPolicy, now: number): { viewer: Viewer; exp: number } {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, secretKey(policy.secret), {
      algorithms: ['HS256'],
      clockTimestamp: now,
      ...(policy.issuer ? { issuer: policy.issuer } : {}),
      ...(policy.audience ? { audience: policy.audience } : {}),
    });
    if (typeof decoded === 'string') throw new Error('string payload');
    claims = decoded;
  } catch {
    throw unauthenticated('The bearer token is invalid, not yet valid or has expired');
  }
  const { exp } = claims;
  if (typeof exp !== 'number') throw unauthenticated('The token must expire: it has no "exp" claim');
  const issuedAt = typeof claims.iat === 'number' ? Math.min(claims.iat, now) : now;
  if (exp - issuedAt > policy.maxAgeSeconds) {
    throw unauthenticated(`The token lives longer than the allowed ${policy.maxAgeSeconds} s`);
  }
  const sub = typeof claims.sub === 'string' ? claims.sub.trim() : '';
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!sub || sub.length > 128) throw unauthenticated('The token has no usable "sub" claim');
  // The claim becomes an invoice recipient (a mail header): nothing but one plain address gets that far.
  if (email && (email.length > 255 || !isEmail(email))) {
    throw unauthenticated('The token\'s "email" claim is not an e-mail address');
  }
  // Frozen: one viewer object now serves every request that carries this token.
  if (claims.role === 'customer')
    return { viewer: Object.freeze({ kind: 'customer', customerReference: sub, email }), exp };
  if (claims.role === 'back-office')
    return { viewer: Object.freeze({ kind: 'back-office', userId: sub, email }), exp };
  throw unauthenticated('The token\'s "role" claim must be "customer" or "back-office"');
}
