import { CloseCode } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import { TokenPolicy, viewerFromAuthorization } from '../auth/token';
import type { Viewer } from '../auth/viewer';
import type { ConnectionVerdict } from './subscription-server';

/**
 * The viewer of a graphql-ws connection from its `connection_init` payload: `{ authorization: "Bearer …" }` for
 * customers and back office, `{ accessToken: "…" }` for a guest. No credentials, or a bearer token that does not
 * verify: 4401. A guest token that opens no order: 4403 (nothing tells whether it was malformed, expired or wrong).
 * Either credential's expiry ends the connection too (4401), checked as events go out; a guest token revoked
 * meanwhile ends it with 4403.
 */
export async function connectionVerdict(
  params: Record<string, unknown>,
  policy: TokenPolicy,
  guestOrderOf: (token: string) => Promise<{ orderId: number; expiresAt: Date } | null>,
): Promise<ConnectionVerdict> {
  const { authorization, accessToken } = params;
  if (typeof authorization === 'string' && authorization) {
    try {
      const viewer = viewerFromAuthorization(authorization, policy);
      if (viewer.kind === 'anonymous') return { refuse: CloseCode.Unauthorized };
      // Verified above, so its exp is there: the connection ends when the token would.
      const { exp } = jwt.decode(authorization.replace(/^Bearer\s+/i, '').trim()) as { exp: number };
      return { viewer, expiresAt: new Date(exp * 1000) };
    } catch {
      return { refuse: CloseCode.Unauthorized };
    }
  }
  if (typeof accessToken === 'string' && accessToken) {
    const access = await guestOrderOf(accessToken);
    if (access === null) return { refuse: CloseCode.Forbidden };
    const viewer: Viewer = { kind: 'guest', orderId: access.orderId };
    // A guest token can be revoked while the connection is open: asked again before each event goes out.
    const stillValid = async () => (await guestOrderOf(accessToken)) !== null;
    return { viewer, expiresAt: access.expiresAt, stillValid };
  }
  return { refuse: CloseCode.Unauthorized };
}
