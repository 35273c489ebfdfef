/**
 * Relay's global object identification: every object with an identity of its own gets an id that is opaque to
 * clients and unique across all types, so a normalised cache (Apollo InMemoryCache, the Relay store) can key on it
 * and `node(id:)` can find the object again. The id is the type name and the local key, base64url-encoded.
 */
export const NODE_TYPES = ['Order', 'SalesItem', 'Shipment', 'Invoice', 'Product', 'ShipmentMethod'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const isNodeType = (name: string): name is NodeTypeName => (NODE_TYPES as readonly string[]).includes(name);

export function toGlobalId(type: NodeTypeName, key: number | string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/** The type and local key of a global id, or null when it is not one this server made. */
export function fromGlobalId(id: string): { type: NodeTypeName; key: string } | null {
  if (id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 1) return null;
  const type = text.slice(0, colon);
  const key = text.slice(colon + 1);
  if (!isNodeType(type) || key === '' || toGlobalId(type, key) !== id) return null;
  return { type, key };
}

/** The database id behind a global id of `type`, or NaN when the id is malformed or names another type. */
export function localId(type: NodeTypeName, id: string): number {
  const parsed = fromGlobalId(id);
  if (!parsed || parsed.type !== type || !/^\d{1,15}$/.test(parsed.key)) return NaN;
  return Number(parsed.key);
}
