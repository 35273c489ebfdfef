import jwt from 'jsonwebtoken';
import { TokenPolicy, viewerFromAuthorization } from '../../src/auth/token';

const SECRET = 'verified-tokens-secret-0123456789abcdef';
const T0 = Date.UTC(2026, 11, 2, 6, 0, 0);

/** A policy whose clock the test moves. */
function policyAt(start = T0, secret = SECRET): TokenPolicy & { at: number } {
  const policy = { secret, maxAgeSeconds: 8 * 3600, at: start, now: () => policy.at };
  return policy;
}
const bearer = (claims: Record<string, unknown>, secret = SECRET) =>
  `Bearer ${jwt.sign(claims, secret, { algorithm: 'HS256', noTimestamp: true })}`;
const customer = (sub: string, expiresInSeconds = 3600) => ({
  sub,
  role: 'customer',
  email: `${sub.toLowerCase()}@example.com`,
  iat: T0 / 1000,
  exp: T0 / 1000 + expiresInSeconds,
});

describe('verified bearer tokens, remembered per policy', () => {
  it('answers a token it verified with the same frozen viewer, and another policy object verifies it anew', () => {
    const policy = policyAt();
    const header = bearer(customer('DE--1'));
    const first = viewerFromAuthorization(header, policy);
    expect(first).toEqual({ kind: 'customer', customerReference: 'DE--1', email: 'de--1@example.com' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(viewerFromAuthorization(header, policy)).toBe(first);
    // The control: the same settings in another object share nothing.
    const other = viewerFromAuthorization(header, policyAt());
    expect(other).toEqual(first);
    expect(other).not.toBe(first);
  });

  it('refuses a remembered token from the second it expires on, as it refuses one it never saw', () => {
    const policy = policyAt();
    const header = bearer(customer('DE--2', 60));
    expect(viewerFromAuthorization(header, policy).kind).toBe('customer');
    policy.at = T0 + 59_999;
    expect(viewerFromAuthorization(header, policy).kind).toBe('customer');
    policy.at = T0 + 60_000;
    expect(() => viewerFromAuthorization(header, policy)).toThrow(
      'The bearer token is invalid, not yet valid or has expired',
    );
    expect(() => viewerFromAuthorization(header, policyAt(T0 + 60_000))).toThrow(
      'The bearer token is invalid, not yet valid or has expired',
    );
  });

  it('refuses a token whose signature differs from a remembered one by one character', () => {
    const policy = policyAt();
    const header = bearer(customer('DE--3'));
    expect(viewerFromAuthorization(header, policy).kind).toBe('customer');
    const last = header.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${header.slice(0, -2)}${last}${header.at(-1)}`;
    expect(() => viewerFromAuthorization(tampered, policy)).toThrow('The bearer token is invalid');
  });

  it('remembers nothing that failed: a token refused before its nbf is accepted once that has passed', () => {
    const policy = policyAt();
    const header = bearer({ ...customer('DE--4'), nbf: T0 / 1000 + 10 });
    expect(() => viewerFromAuthorization(header, policy)).toThrow('not yet valid');
    policy.at = T0 + 10_000;
    expect(viewerFromAuthorization(header, policy).kind).toBe('customer');
  });

  it('keeps at most a thousand tokens: the oldest is verified anew once a thousand others came after it', () => {
    const policy = policyAt();
    const oldest = bearer(customer('DE--OLD'));
    const first = viewerFromAuthorization(oldest, policy);
    for (let i = 0; i < 999; i++) viewerFromAuthorization(bearer(customer(`DE--${i}`)), policy);
    expect(viewerFromAuthorization(oldest, policy)).toBe(first);
    viewerFromAuthorization(bearer(customer('DE--ONE-MORE')), policy);
    const again = viewerFromAuthorization(oldest, policy);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});
