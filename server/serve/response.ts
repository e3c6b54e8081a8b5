/**
 * The `node:http` response class of the production listener: every status line carries its
 * standard reason phrase ("HTTP/1.1 200 OK"), whichever path answered. h3 answers through srvx,
 * which passes a web `Response`'s `statusText` to `writeHead` — an empty string unless a route set
 * one — and Node then writes "HTTP/1.1 200 " with no phrase, while the fast path's `writeHead`
 * gets Node's default one. HTTP/1.1 lets the phrase be empty, but some monitors and embedded HTTP
 * clients do not accept a status line without it, and one route should not answer two ways.
 * @see README.md#endpoints
 */
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";

/**
 * A `ServerResponse` whose empty reason phrase becomes the status code's standard one; a phrase a
 * route set on purpose is kept. Given to `createServer({ ServerResponse })`, so every response of
 * the server is of this one class (one hidden class on Node's write path, as before).
 * @example
 * createServer({ ServerResponse: PhrasedResponse }, listener);
 */
export class PhrasedResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(statusCode: number, reason?: string | OutgoingHttpHeaders | readonly unknown[], headers?: OutgoingHttpHeaders | readonly unknown[]): this {
    // An empty phrase is dropped, so Node picks the standard one as it does for a call without
    // any (or "unknown" for a code it has no name for); any other phrase is kept.
    if (reason === "") return super.writeHead(statusCode, headers as OutgoingHttpHeaders);
    return super.writeHead(statusCode, reason as string, headers as OutgoingHttpHeaders);
  }
}
