// The JSON API for the coordinator console, under /api. Served by the API Lambda and mounted
// unchanged by the local server. (Foundation: the error mapping and the session gate; the endpoints
// come with the console issue.)
import { Hono } from "hono";
import { VisibleError } from "@feedback/core/error";
import { jsonError, limitBody, requestLog, secure } from "../http/common";

export const api = new Hono()
  .basePath("/api")
  .use(requestLog, secure(), limitBody(1024 * 1024))
  .onError(jsonError)
  .notFound((c) => c.json({ error: { code: "route.not_found", message: "No such endpoint." } }, 404))
  .get("/surveys", () => {
    throw new VisibleError("auth", "auth.required", "Please sign in.");
  });

export type ApiRoutes = typeof api;
