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
 * `CSP_SCRIPT_HASHES` (set only by the local stack) adds exact script hashes, so that an accessibility
 * audit (axe-core, by the hash of its exact file) can be injected into local pages without turning the
 * CSP off. Deployed functions never set it.
 */
export const secure = (opts: { scripts?: boolean } = {}): MiddlewareHandler => {
  let middleware: MiddlewareHandler | undefined;
  return (c, next) => {
    middleware ??= secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        scriptSrc: [
          ...(opts.scripts ? ["'self'"] : []),
          ...(process.env.CSP_SCRIPT_HASHES ?? "").split(" ").filter(Boolean).map((h) => `'${h}'`),
        ].concat(opts.scripts || process.env.CSP_SCRIPT_HASHES ? [] : ["'none'"]),
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "no-referrer",
      crossOriginResourcePolicy: "same-origin",
      strictTransportSecurity: "max-age=63072000; includeSubDomains",
    });
    return middleware(c, next);
  };
};

/**
 * Bodies larger than this are refused before they are read: forms and API calls are small. `except`
 * names paths that set their own, larger limit (a contact file upload).
 */
export const limitBody = (maxSize = 64 * 1024, opts: { except?: string[] } = {}): MiddlewareHandler => {
  const limit = bodyLimit({
    maxSize,
    onError: (c) => c.json({ error: { code: "request.too_large", message: "The request is too large." } }, 413),
  });
  // GET and HEAD carry no body. Skipping them is also cheaper: reading `raw.body` makes the Node
  // adapter build a full Request for every page view.
  return (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" || opts.except?.includes(c.req.path) ? next() : limit(c, next));
};

/**
 * The one place an error becomes a status for JSON apps: VisibleError → 4xx; the store throttling,
 * timing out or unreachable → 503 with Retry-After (nothing was changed: try again); anything else →
 * 500 with no internals.
 */
export function jsonError(err: Error, c: Context) {
  if (err instanceof VisibleError) {
    return c.json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: "request.invalid", message: err.message || "Bad request." } }, err.status);
  }
  if (isTransient(err)) {
    Log.warn("http.unavailable", { route: c.req.routePath, method: c.req.method, error: err });
    c.header("Retry-After", "5");
    return c.json({ error: { code: "service.unavailable", message: "The service is busy right now. Please try again in a few seconds." } }, 503);
  }
  Log.error("http.unhandled", { route: c.req.routePath, method: c.req.method, error: err });
  return c.json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } }, 500);
}

/**
 * The client's IP address: from API Gateway's request context in Lambda, from the socket locally.
 * Used only, hashed, as a rate-limit key; never stored with anything else or logged.
 */
export function clientIp(c: Context): string {
  const env = c.env as
    | { event?: { requestContext?: { http?: { sourceIp?: string } } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/** Whether the request came over HTTPS (cookies are then marked Secure). */
export function isHttps(c: Context) {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}

/** Errors worth a "please try again" rather than a 500: throttling, timeouts and service blips. */
const TRANSIENT = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TransactionInProgressException",
  // The connection itself failed, after the SDK's own retries (the same network codes it retries on):
  // the store refused or dropped it, as DynamoDB Local does while it restarts, or a network blip in AWS.
  // Not a bug in the request, so the family gets "try again" with their answers, not an error page.
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
]);
export function isTransient(err: unknown) {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; $retryable?: unknown; CancellationReasons?: { Code?: string }[] };
  // A transaction that kept losing races to others (after the store's own retries) is worth retrying too.
  if (e.name === "TransactionCanceledException" && e.CancellationReasons?.some((r) => r.Code === "TransactionConflict")) return true;
  return TRANSIENT.has(e.name) || TRANSIENT.has(e.code ?? "") || Boolean(e.$retryable) || e.name === "AbortError";
}
