// The JSON API for the coordinator console, under /api. Served by the API Lambda and mounted
// unchanged by the local server. One sub-app per domain; each validates, calls core, and returns.
// Errors: VisibleError → 4xx `{ error: { code, message } }`, anything else → 500 with no internals.
import { Hono } from "hono";
import { Actor } from "@feedback/core/actor";
import { jsonError, limitBody, requestLog, secure } from "../http/common";
import { requireCoordinator, sameOrigin, session } from "./auth";

/** Routes that need a signed-in coordinator. Domain sub-apps are mounted here. */
const authed = new Hono()
  .use(requireCoordinator)
  .get("/me", (c) => c.json({ result: Actor.use() }));

export const api = new Hono()
  .basePath("/api")
  .use(requestLog, secure(), limitBody(1024 * 1024), sameOrigin, session)
  .onError(jsonError)
  .notFound((c) => c.json({ error: { code: "route.not_found", message: "No such endpoint." } }, 404))
  .route("/", authed);

export type ApiRoutes = typeof api;
