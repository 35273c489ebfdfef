import type { LiveOrdersService } from './live-orders.service';

declare module '../common/request-context' {
  interface RequestContext {
    /** Subscriptions only (graphql-ws connections): the live order feed of this process. */
    live?: LiveOrdersService;
  }
}

export {};
