import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { pageEntriesCost } from './query-cost';

@ObjectType({
  simpleResolvers: true,
  description: 'Where a page of a list starts and ends, and whether more pages surround it (Relay).',
})
export class PageInfo {
  @Field({ description: 'True when another page follows this one.' })
  hasNextPage!: boolean;

  @Field({
    description:
      'True when the page was asked for with `after`, so earlier nodes exist. Lists page forward only (no `last`/`before`).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first node; null for an empty page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last node; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  /** Whether the page started after a cursor. */
  hasPreviousPage: boolean;
  cursorOf: (node: T) => string;
  /** Counting is a separate statement, run only when a client asks for totalCount. */
  countTotal: () => Promise<number>;
}

export interface ConnectionShape<T> {
  nodes: T[];
  readonly edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/** A cursor connection type for one node type: nodes, edges, pageInfo and a lazily counted totalCount. */
export function connectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`, {
    simpleResolvers: true,
    description: `One ${name} of a page, with its cursor.`,
  })
  class Edge {
    @Field({ description: 'Opaque cursor of this node.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${name} nodes.` })
  class Connection implements ConnectionShape<T> {
    @Field(() => [nodeType], {
      description: 'The nodes of this page, in list order.',
      complexity: pageEntriesCost,
    })
    nodes!: T[];

    private page!: Page<T>;

    // Built when asked for: a page read through `nodes` needs no cursor per node.
    @Field(() => [Edge], {
      description: 'The nodes of this page with their cursors.',
      complexity: pageEntriesCost,
    })
    get edges(): Edge[] {
      return this.nodes.map((node) => ({ cursor: this.page.cursorOf(node), node }));
    }

    private info?: PageInfo;

    // Built when asked for, once: a history page read without pageInfo needs no cursor at all.
    @Field(() => PageInfo, { description: 'Paging information.' })
    get pageInfo(): PageInfo {
      const { page } = this;
      return (this.info ??= {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.nodes.length ? page.cursorOf(page.nodes[0]) : null,
        endCursor: page.nodes.length ? page.cursorOf(page.nodes[page.nodes.length - 1]) : null,
      });
    }

    countTotal!: () => Promise<number>;

    @Field(() => Int, { description: 'How many nodes match in all pages (counted only when asked for).' })
    totalCount(): Promise<number> {
      return this.countTotal();
    }

    static of(page: Page<T>): Connection {
      const connection = new Connection();
      connection.page = page;
      connection.nodes = page.nodes;
      connection.countTotal = page.countTotal;
      return connection;
    }
  }
  return Connection;
}

export const encodeCursor = (parts: (string | number)[]) =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

/** A cursor back into its parts, or null when it was not made by encodeCursor with this shape. */
export function decodeCursor(cursor: string, shape: ('string' | 'number')[]): (string | number)[] | null {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== shape.length) return null;
    return parts.every((p, i) => typeof p === shape[i]) ? (parts as (string | number)[]) : null;
  } catch {
    return null;
  }
}
