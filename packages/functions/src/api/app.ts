// The JSON API for the coordinator console, under /api. Served by the API Lambda and mounted
// unchanged by the local server. One sub-app per domain; each validates, calls core, and returns.
// Errors: VisibleError → 4xx `{ error: { code, message } }`, anything else → 500 with no internals.
import { Hono } from "hono";
import { jsonError, limitBody, requestLog, secure } from "../http/common";
import { requireCoordinator, sameOrigin, session } from "./auth";
import { contacts, IMPORT_PATH } from "./contacts";
import { launch } from "./launch";
import { directory } from "./directory";
import { organisation } from "./organisation";
import { partners } from "./partners";
import { results } from "./results";
import { account, signin } from "./signin";
import { summaries } from "./summaries";
import { surveys } from "./surveys";
import { describe, openapi } from "./spec";

/** Routes that need a signed-in coordinator. Domain sub-apps are mounted here. */
const authed = new Hono()
  .use(requireCoordinator)
  .route("/", account)
  .route("/", summaries)
  .route("/", contacts)
  .route("/", launch)
  .route("/", organisation)
  .route("/", partners)
  .route("/", surveys)
  .route("/", results)
  .route("/", directory);

export const api = new Hono()
  .basePath("/api")
  .use(requestLog, secure(), limitBody(1024 * 1024, { except: [IMPORT_PATH] }), sameOrigin, session)
  .onError(jsonError)
  .notFound((c) => c.json({ error: { code: "route.not_found", message: "No such endpoint." } }, 404))
  // Public routes come before `authed`, whose session gate answers 401 for everything after it.
  .get("/openapi.json", describe({ tag: "meta", access: "public", summary: "This API's OpenAPI 3.1 document, generated from its zod schemas" }), (c): Response =>
    c.json(openapi(api)),
  )
  .route("/", signin)
  .route("/", authed);

export type ApiRoutes = typeof api;
