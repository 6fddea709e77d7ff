// The API's route registry. Each route declares, beside its handler, who may call it and what it
// answers (`describe`), and validates its inputs with zod (`body`, `query`, `params`). Those
// declarations are remembered against the middleware functions themselves, so the registry is read
// back from the router (`api.routes`): the OpenAPI document and the authorisation test matrix are
// generated from what is actually mounted, and a route added without a declaration shows up as such
// (and fails the tests) instead of being silently missing from both.
import type { Context, Hono, MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import { COMPOSED_HANDLER } from "hono/utils/constants";
import * as z from "zod";
import type { core } from "zod";
import { VisibleError } from "@feedback/core/error";
import { inputError } from "@feedback/core/util";

/** Who may call a route: anyone, any signed-in coordinator (of the organisation concerned), or an admin. */
export type Access = "public" | "coordinator" | "admin";

export type Doc = {
  summary: string;
  access: Access;
  tag: string;
  /** The JSON `result` of a successful answer; leave out for 204s and non-JSON answers. */
  response?: core.$ZodType;
  /** The success status (200 unless said). */
  status?: 200 | 201 | 202 | 204 | 302;
  /** Non-JSON answers: a CSV download, an HTML page, or a redirect. */
  produces?: "text/csv" | "text/html";
  description?: string;
};

// Core schemas are zod/mini (util/index.ts says why); both forms are `core.$ZodType`.
type Declared = { doc?: Doc; json?: core.$ZodType; query?: core.$ZodType; param?: core.$ZodType };
const declared = new WeakMap<object, Declared>();

/** Declares a route's access and answer; put it first in the route's handlers. */
export function describe(doc: Doc): MiddlewareHandler {
  const mw: MiddlewareHandler = async (_c, next) => next();
  declared.set(mw, { doc });
  return mw;
}

function parse<S extends core.$ZodType>(schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw inputError(result.error);
  return result.data;
}

/** The media types hono's JSON validator reads (others leave the body unread). */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * JSON is UTF-8 (RFC 8259). Decoded leniently, a byte that is not (a client posting Windows-1252, a cut
 * upload) would become U+FFFD and be stored in a name without anyone noticing, so it is refused instead,
 * as the contact import refuses such files.
 */
async function assertUtf8(c: Context) {
  if (!JSON_TYPE.test((c.req.header("content-type") ?? "").split(";")[0]!.trim())) return;
  // Hono keeps the bytes read here for the JSON validator that follows.
  const bytes = await c.req.arrayBuffer();
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new VisibleError("input", "request.encoding", "The request body is not valid UTF-8. Please send JSON encoded as UTF-8.");
  }
}

/** Validates the JSON body; a bad one is a 400 `{ error: { code: "input.invalid", message, details } }`. */
export function body<S extends core.$ZodType>(schema: S) {
  const json = validator("json", (value) => parse(schema, value));
  const mw: MiddlewareHandler = async (c, next) => {
    await assertUtf8(c);
    return (json as MiddlewareHandler)(c, next);
  };
  declared.set(mw, { json: schema });
  return mw as unknown as MiddlewareHandler<any, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }>;
}

/** Validates the query string (values arrive as strings; schemas coerce what they need). */
export function query<S extends core.$ZodType>(schema: S) {
  const mw = validator("query", (value) => parse(schema, value));
  declared.set(mw, { query: schema });
  return mw as unknown as MiddlewareHandler<any, string, { in: { query: { [K in keyof z.input<S>]?: string } }; out: { query: z.output<S> } }>;
}

/** Validates path parameters, so a malformed id is a 400 before any read. */
export function params<S extends core.$ZodType>(schema: S) {
  const mw = validator("param", (value) => parse(schema, value));
  declared.set(mw, { param: schema });
  return mw as unknown as MiddlewareHandler<any, string, { out: { param: z.output<S> } }>;
}

/** An id as it appears in a path: a prefixed ULID or similar, never anything that needs escaping. */
export const Id = z.string().regex(/^[a-z]{2,4}_[0-9A-Za-z_-]{1,40}$/, "Not a valid id.");

export type Operation = { method: string; path: string } & Declared;

/** Every operation mounted on `app`, with what its handlers declared. */
export function operations(app: Hono<any, any, any>): Operation[] {
  const ops = new Map<string, Operation>();
  for (const route of app.routes) {
    // `use()` middleware is registered for every method; it is not an operation.
    if (route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    const op = ops.get(key) ?? { method: route.method, path: route.path };
    const handler = (route.handler as unknown as Record<string, object>)[COMPOSED_HANDLER] ?? route.handler;
    Object.assign(op, declared.get(handler));
    ops.set(key, op);
  }
  return [...ops.values()];
}

function schema(s: core.$ZodType, io: "input" | "output") {
  // `$schema` is implied by the OpenAPI 3.1 document; transforms (such as lower-casing an email) have no
  // JSON Schema and are described by their input or output type.
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", reused: "inline" }) as Record<string, unknown>;
  return rest;
}

const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

const documents = new WeakMap<object, ReturnType<typeof build>>();

/** The OpenAPI 3.1 document of every operation mounted on `app` (built once: routes do not change). */
export function openapi(app: Hono<any, any, any>) {
  let doc = documents.get(app);
  if (!doc) documents.set(app, (doc = build(app)));
  return doc;
}

/** JSON Schema 2020-12 from zod, for each operation's parameters, body and answer. */
function build(app: Hono<any, any, any>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations(app)) {
    if (!op.doc) continue;
    const { doc } = op;
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const names = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    const queryProps = op.query ? ((schema(op.query, "input").properties ?? {}) as Record<string, unknown>) : {};
    const status = String(doc.status ?? 200);
    const success =
      doc.status === 204
        ? { description: "Done" }
        : doc.status === 302
          ? { description: "Redirect" }
          : doc.produces
            ? { description: "OK", content: { [doc.produces]: { schema: { type: "string" } } } }
            : { description: "OK", content: { "application/json": { schema: schema(z.object({ result: doc.response ?? z.unknown() }), "output") } } };
    const error = { description: "Error", content: { "application/json": { schema: schema(ErrorBody, "output") } } };
    paths[path] ??= {};
    paths[path]![op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${path.replace(/[{}]/g, "").replace(/\/([a-z])/g, (_, ch: string) => ch.toUpperCase()).replace(/[^A-Za-z0-9]/g, "")}`,
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [doc.tag],
      "x-access": doc.access,
      security: doc.access === "public" ? [] : [{ session: [] }],
      parameters: [
        ...names.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        ...Object.entries(queryProps).map(([name, s]) => ({ name, in: "query", required: false, schema: s })),
      ],
      ...(op.json ? { requestBody: { required: true, content: { "application/json": { schema: schema(op.json, "input") } } } } : {}),
      responses: {
        [status]: success,
        ...(op.json || op.query || names.length ? { 400: error } : {}),
        ...(doc.access !== "public" ? { 401: error, 404: error } : {}),
        ...(doc.access === "admin" ? { 403: error } : {}),
        ...(doc.access !== "public" && op.method !== "GET" ? { 409: error } : {}),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "School feedback: coordinator API",
      version: "1",
      description:
        "The JSON API behind the coordinator console. Sign in with an emailed code (POST /api/auth/start, then /api/auth/verify); " +
        "the session is an HttpOnly cookie. State-changing requests must carry an Origin header of the console's own origin. " +
        "Errors are `{ error: { code, message } }`. `x-access` says who may call each operation.",
    },
    components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sid" } } },
    paths,
  };
}
