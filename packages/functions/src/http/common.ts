// What every Hono app shares: a request id on every log line, one access-log line per request (with
// the route pattern, never the raw path, because paths carry tokens), secure headers, a body limit,
// and the mapping from VisibleError kinds to HTTP statuses.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { HTTPException } from "hono/http-exception";
import { VisibleError } from "@feedback/core/error";
import { Log } from "@feedback/core/log";

/** Attaches a request id (Lambda's, or a fresh one) and writes one log line when the request ends. */
export const requestLog: MiddlewareHandler = async (c, next) => {
  const lambda = (c.env as { lambdaContext?: { awsRequestId?: string } } | undefined)?.lambdaContext;
  const started = performance.now();
  await Log.withRequest(lambda?.awsRequestId, async () => {
    c.header("X-Request-Id", Log.requestId()!);
    await next();
    const status = c.res.status;
    Log[status >= 500 ? "error" : "info"]("http.request", {
      method: c.req.method,
      route: c.req.routePath,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
};

/**
 * Strict headers for pages that load nothing from elsewhere: no scripts from anywhere but ourselves,
 * no framing, no referrer (links carry tokens), and forms may only post back to us.
 */
export const secure = (opts: { scripts?: boolean } = {}) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      scriptSrc: opts.scripts ? ["'self'"] : ["'none'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: "no-referrer",
    crossOriginResourcePolicy: "same-origin",
    strictTransportSecurity: "max-age=63072000; includeSubDomains",
  });

/** Bodies larger than this are refused before they are read: forms and API calls are small. */
export const limitBody = (maxSize = 64 * 1024) =>
  bodyLimit({
    maxSize,
    onError: (c) => c.json({ error: { code: "request.too_large", message: "The request is too large." } }, 413),
  });

/** The one place an error becomes a status for JSON apps: VisibleError → 4xx; anything else → 500 with no internals. */
export function jsonError(err: Error, c: Context) {
  if (err instanceof VisibleError) {
    return c.json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: "request.invalid", message: err.message || "Bad request." } }, err.status);
  }
  Log.error("http.unhandled", { route: c.req.routePath, method: c.req.method, error: err });
  return c.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, 500);
}
