// Coordinator sessions. The cookie carries a random 128-bit token; only its SHA-256 is stored
// (pk SESSION#<sha256(token)>, sk SESSION), so a leaked table cannot be replayed as sessions, and
// signing out deletes the item (a server-side session is revocable, unlike a signed cookie).
// Sessions expire after SESSION_HOURS (default 12) through the TTL attribute and a check on read.
export * as Session from "./index";

import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../actor";
import { Clock } from "../clock";
import { key as coordinatorKey, type Info as CoordinatorInfo } from "../coordinator";
import { Store } from "../store";
import { createToken, hash } from "../util";

const key = (token: string) => ({ pk: `SESSION#${hash(token)}`, sk: "SESSION" });
const hours = () => Number(process.env.SESSION_HOURS ?? 12);
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export async function create(coordinator: Pick<CoordinatorInfo, "id" | "orgId" | "role">) {
  const token = createToken();
  const expiresAt = Clock.epochSeconds() + hours() * 3600;
  await Store.client().send(
    new PutCommand({
      TableName: Store.table(),
      Item: { ...key(token), type: "session", coordinatorId: coordinator.id, orgId: coordinator.orgId, role: coordinator.role, expiresAt },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
  return { token, expiresAt };
}

/** The actor a session token stands for, or undefined when it is unknown or expired. */
export async function read(token: string | undefined): Promise<Actor.Info | undefined> {
  if (!token || !TOKEN.test(token)) return undefined;
  const item = await Store.get(key(token));
  // TTL deletion is lazy (up to days in AWS), so expiry is also checked here.
  if (!item || Number(item.expiresAt) <= Clock.epochSeconds()) return undefined;
  // The coordinator is read on every request so that removing someone, or taking their admin role,
  // takes effect at once rather than when their open sessions expire.
  const coordinator = await Store.get(coordinatorKey(String(item.orgId), String(item.coordinatorId)));
  if (!coordinator) return undefined;
  return { type: "coordinator", orgId: String(item.orgId), coordinatorId: String(item.coordinatorId), role: coordinator.role === "admin" ? "admin" : "coordinator" };
}

export async function end(token: string) {
  if (!TOKEN.test(token)) return;
  await Store.client().send(new DeleteCommand({ TableName: Store.table(), Key: key(token) }));
}
