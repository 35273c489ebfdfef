import { placeOrderInput } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const GUEST_PLACE = `mutation P($input: PlaceOrderInput!) {
  placeOrder(input: $input) { __typename ... on Order { reference guestAccessToken } } }`;
const GUEST_ORDER = `query G($t: String!) { guestOrder(accessToken: $t) { reference itemStates } }`;
const GUEST_CANCEL = `mutation C($r: String!, $t: String) {
  cancelOrder(reference: $r, accessToken: $t) { __typename ... on ErrorResult { errorCode } } }`;
const REVOKE = `mutation R($t: String!) { revokeGuestAccessToken(accessToken: $t) }`;
const REVOKE_ALL = `mutation A($r: String!) { revokeGuestOrderAccess(orderReference: $r) {
  __typename ... on GuestAccessRevoked { orderReference revokedTokens } ... on ErrorResult { errorCode } } }`;

/** A guest order and two live tokens for it (a retry with the same idempotency key hands out a fresh one). */
async function guestOrderWithTwoTokens(key: string) {
  const input = placeOrderInput(undefined, { email: `${key}@example.com`, idempotencyKey: key });
  const first = (await app.gql(GUEST_PLACE, { input })).data!.placeOrder;
  const second = (await app.gql(GUEST_PLACE, { input })).data!.placeOrder;
  expect(second.reference).toBe(first.reference);
  return { reference: first.reference as string, tokens: [first.guestAccessToken, second.guestAccessToken] };
}

const opens = async (token: string) => (await app.gql(GUEST_ORDER, { t: token })).data!.guestOrder?.reference;

describe('revoking guest access', () => {
  it('a guest ends one token at once; the other keeps working, and the answer never tells', async () => {
    const { reference, tokens } = await guestOrderWithTwoTokens('revoke-one');
    expect(await app.gql(REVOKE, { t: tokens[0] })).toEqual({ data: { revokeGuestAccessToken: true } });
    expect(await opens(tokens[0])).toBeUndefined();
    expect(await opens(tokens[1])).toBe(reference);
    // A revoked token cancels nothing.
    const cancel = await app.gql(GUEST_CANCEL, { r: reference, t: tokens[0] });
    expect(cancel.data!.cancelOrder).toEqual({
      __typename: 'OrderNotFoundError',
      errorCode: 'ORDER_NOT_FOUND',
    });
    expect((await app.gql(GUEST_ORDER, { t: tokens[1] })).data!.guestOrder.itemStates).toEqual([
      'payment pending',
    ]);
    // Again, or a token that never was: the same answer.
    for (const t of [tokens[0], 'x', 'A'.repeat(43)]) {
      expect(await app.gql(REVOKE, { t })).toEqual({ data: { revokeGuestAccessToken: true } });
    }
    expect(await opens(tokens[1])).toBe(reference);
  });

  it('back office revokes every token of an order, and only back office may', async () => {
    const { reference, tokens } = await guestOrderWithTwoTokens('revoke-all');
    const other = await guestOrderWithTwoTokens('revoke-other');

    const asCustomer = await app.gql(REVOKE_ALL, { r: reference }, app.customerToken('DE--C9'));
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(REVOKE_ALL, { r: reference });
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await opens(tokens[0])).toBe(reference);

    const staff = app.backOfficeToken();
    expect((await app.gql(REVOKE_ALL, { r: reference }, staff)).data!.revokeGuestOrderAccess).toEqual({
      __typename: 'GuestAccessRevoked',
      orderReference: reference,
      revokedTokens: 2,
    });
    for (const token of tokens) expect(await opens(token)).toBeUndefined();
    // Another order's tokens are untouched; a second call finds nothing left.
    expect(await opens(other.tokens[0])).toBe(other.reference);
    expect(
      (await app.gql(REVOKE_ALL, { r: reference }, staff)).data!.revokeGuestOrderAccess.revokedTokens,
    ).toBe(0);
    expect((await app.gql(REVOKE_ALL, { r: 'DE--999999' }, staff)).data!.revokeGuestOrderAccess).toEqual({
      __typename: 'OrderNotFoundError',
      errorCode: 'ORDER_NOT_FOUND',
    });
  });
});
