export type Role = 'customer' | 'back-office';

/** Who is calling: decided once per request from the bearer token. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'customer'; customerReference: string; email: string }
  | { kind: 'back-office'; userId: string; email: string }
  /** Holds a guest order's access token: may read and cancel that one order. */
  | { kind: 'guest'; orderId: number }
  | { kind: 'system'; name: string };

export const anonymous: Viewer = { kind: 'anonymous' };

/** The actor written into histories: who did it, in words an auditor can read. */
export function actorOf(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'customer':
      return `customer:${viewer.customerReference}`;
    case 'back-office':
      return `staff:${viewer.userId}`;
    case 'system':
      return `system:${viewer.name}`;
    case 'guest':
      return 'guest';
    default:
      return 'anonymous';
  }
}
