import type { ApolloServer, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server behind Express: the steps of Apollo's own Express integration (@as-integrations/express5), with one
 * difference. A complete answer to a POST is written with `res.end` and its byte length. Express's `res.send` copied
 * the answer (20 KB for a history page) into a Buffer and hashed it for an ETag, which no client revalidates a POST
 * with, and parsed the conditional request headers: about 1.5 % of a history page. Any other method (a persisted
 * query sent with GET) still goes through `res.send`, ETag and 304 included.
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
    const queryAt = req.url.indexOf('?');
    const request: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: queryAt === -1 ? '' : req.url.slice(queryAt),
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
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
