import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../common/request-context';

/**
 * `@Authorized()` means any signed-in caller; `@Authorized('back-office')` names the roles allowed.
 * Anonymous callers get UNAUTHENTICATED; signed-in callers with the wrong role get FORBIDDEN.
 */
export const unauthenticated = () =>
  new GraphQLError('Sign in: send "Authorization: Bearer <token>"', {
    extensions: { code: 'UNAUTHENTICATED' },
  });

export const authChecker: AuthChecker<RequestContext> = ({ context }, roles) => {
  const { viewer } = context;
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (roles.length === 0 || roles.includes(viewer.kind)) return true;
  throw new GraphQLError(`This needs the role ${roles.join(' or ')}`, { extensions: { code: 'FORBIDDEN' } });
};
