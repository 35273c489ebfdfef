import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server behind Express: the steps of Apollo's own Express integration (@as-integrations/express5), with one
 * difference that matters (the other: a route wired without a JSON body parser answers a plain JSON 500 instead of
 * its explanation). A complete answer to a POST is written with `res.end`, as UTF-8 bytes with their length. Express's
 * `res.send` also hashed the answer (20 KB for a history page) for an ETag, which no client revalidates a POST with,
 * and parsed the conditional request headers: about 1.5 % of a history page. Any other method (a persisted query
 * sent with GET) still goes through `res.send`, ETag and 304 included.
 *
 * Bytes rather than the string: Node would join the string to the headers, a copy of the answer on the JavaScript
 * heap (15 KB more for the young generation to collect per page); a Buffer's bytes live outside it.
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: Request, res: Response) => Promise<TContext>,
): RequestHandler {
  server.assertStarted('graphqlHttpHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      // A route wired without express.json() in front: a mistake of this code base, never of a client.
      res.status(500).json({ errors: [{ message: 'Internal server error' }] });
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // The query string, as url.parse(req.url).search gave it: from "?", without a fragment if a client sent one.
    const fragmentAt = req.url.indexOf('#');
    const url = fragmentAt === -1 ? req.url : req.url.slice(0, fragmentAt);
    const queryAt = url.indexOf('?');
    const request: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: queryAt === -1 ? '' : url.slice(queryAt),
      body: req.body,
    };
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: () => context(req, res),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (request.method !== 'POST') {
        res.send(response.body.string);
        return;
      }
      const body = Buffer.from(response.body.string, 'utf8');
      res.setHeader('content-length', body.length);
      res.end(body);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      // A compression middleware would hold the chunk back otherwise.
      (res as Response & { flush?: () => void }).flush?.();
    }
    res.end();
  };
}
