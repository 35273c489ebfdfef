import { ArrayMaxSize } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/request-context';
import { Node } from './node.interface';
import { NodeService } from './node.service';

export const MAX_NODES_PER_REQUEST = 100;

@ArgsType()
class NodesArgs {
  @Field(() => [ID], { description: `Global ids, at most ${MAX_NODES_PER_REQUEST}.` })
  @ArrayMaxSize(MAX_NODES_PER_REQUEST)
  ids!: string[];
}

@Resolver()
export class NodeResolver {
  constructor(private readonly service: NodeService) {}

  @Query(() => Node, {
    nullable: true,
    description:
      'Anyone: the object with this global id, or null when it does not exist or is not yours (same rules as the typed fields).',
  })
  async node(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'A global id, as the id field gives it.' }) id: string,
  ) {
    const [node] = await this.service.find(
      ctx,
      this.service.parse([id], () => 'id'),
    );
    return node;
  }

  @Query(() => [Node], {
    nullable: 'items',
    // Costed by the ids actually asked for (at most MAX_NODES_PER_REQUEST), not as the largest list there is.
    complexity: ({ args, childComplexity }) =>
      1 +
      Math.min(MAX_NODES_PER_REQUEST, Array.isArray(args.ids) ? args.ids.length : MAX_NODES_PER_REQUEST) *
        childComplexity,
    description:
      'Anyone: the objects with these global ids, in the same order; null for each not found or not yours.',
  })
  nodes(@Ctx() ctx: RequestContext, @Args() { ids }: NodesArgs) {
    return this.service.find(
      ctx,
      this.service.parse(ids, (i) => `ids[${i}]`),
    );
  }
}
