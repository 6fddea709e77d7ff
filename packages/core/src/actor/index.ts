// Who is calling. Every core operation that touches an organisation's data asks for the actor and
// checks its organisation and role, so an API handler cannot forget to. The actor travels in
// AsyncLocalStorage, set once per request by the app's auth middleware.
export * as Actor from "./index";

import { AsyncLocalStorage } from "node:async_hooks";
import { VisibleError } from "../error";

export type Role = "admin" | "coordinator";
export type Info =
  | { type: "coordinator"; orgId: string; coordinatorId: string; role: Role }
  /** Jobs, workers, the seed: trusted code acting for the system, across organisations. */
  | { type: "system" }
  /** A family on a form link: can only do what the link allows; checked by the form flow itself. */
  | { type: "public" };

const storage = new AsyncLocalStorage<Info>();

export function provide<R>(actor: Info, run: () => R): R {
  return storage.run(actor, run);
}

export function use(): Info {
  return storage.getStore() ?? { type: "public" };
}

/** Asserts the caller may act on `orgId`: the system, or a coordinator of that organisation. */
export function assertOrg(orgId: string, role: Role = "coordinator") {
  const actor = use();
  if (actor.type === "system") return actor;
  if (actor.type !== "coordinator") throw new VisibleError("auth", "auth.required", "Please sign in.");
  // Another organisation's data is reported as missing rather than forbidden, so ids cannot be probed.
  if (actor.orgId !== orgId) throw new VisibleError("not_found", "org.not_found", "Not found.");
  if (role === "admin" && actor.role !== "admin")
    throw new VisibleError("forbidden", "auth.admin_only", "Only an organisation admin can do this.");
  return actor;
}

/** The organisation of the signed-in coordinator. */
export function orgId() {
  const actor = use();
  if (actor.type !== "coordinator") throw new VisibleError("auth", "auth.required", "Please sign in.");
  return actor.orgId;
}
