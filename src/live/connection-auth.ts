import { CloseCode } from 'graphql-ws';
import { TokenPolicy, viewerFromAuthorization } from '../auth/token';
import type { Viewer } from '../auth/viewer';
import type { ConnectionVerdict } from './subscription-server';

/**
 * The viewer of a graphql-ws connection from its `connection_init` payload: `{ authorization: "Bearer …" }` for
 * customers and back office, `{ accessToken: "…" }` for a guest. No credentials, or a bearer token that does not
 * verify: 4401. A guest token that opens no order: 4403 (nothing tells whether it was malformed, expired or wrong).
 */
export async function connectionVerdict(
  params: Record<string, unknown>,
  policy: TokenPolicy,
  guestOrderOf: (token: string) => Promise<number | null>,
): Promise<ConnectionVerdict> {
  const { authorization, accessToken } = params;
  if (typeof authorization === 'string' && authorization) {
    try {
      const viewer = viewerFromAuthorization(authorization, policy);
      return viewer.kind === 'anonymous' ? { refuse: CloseCode.Unauthorized } : { viewer };
    } catch {
      return { refuse: CloseCode.Unauthorized };
    }
  }
  if (typeof accessToken === 'string' && accessToken) {
    const orderId = await guestOrderOf(accessToken);
    if (orderId === null) return { refuse: CloseCode.Forbidden };
    const viewer: Viewer = { kind: 'guest', orderId };
    return { viewer };
  }
  return { refuse: CloseCode.Unauthorized };
}
