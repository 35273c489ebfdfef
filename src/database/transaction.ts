import { emptyRequestScope, RequestContext } from '../common/request-context';

/**
 * Runs `work` in one transaction and hands it a context whose manager is bound to that transaction. Nested calls
 * join the open transaction. After commit the request's loaders are emptied, so fields read after a mutation
 * see what it wrote.
 */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (tx: RequestContext) => Promise<T>,
): Promise<T> {
  if (ctx.manager.queryRunner?.isTransactionActive) return work(ctx);
  const result = await ctx.manager.transaction((manager) => work({ ...ctx, manager }));
  emptyRequestScope(ctx);
  return result;
}

/** Savepoints inside the open transaction: a step that fails rolls back to its savepoint, not the whole transaction. */
export const savepoints = {
  async create(tx: RequestContext, name: string): Promise<void> {
    await tx.manager.query(`SAVEPOINT ${name}`);
  },
  async release(tx: RequestContext, name: string): Promise<void> {
    await tx.manager.query(`RELEASE SAVEPOINT ${name}`);
  },
  async rollbackTo(tx: RequestContext, name: string): Promise<void> {
    await tx.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
  },
};
