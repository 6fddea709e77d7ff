// Coordinators: staff who run surveys. Admins also manage coordinators, sites and the privacy floor.
// An email address belongs to at most one coordinator per organisation; sign-in finds coordinators by
// email across organisations (a person may work for two districts).
export * as Coordinator from "./index";

import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Store } from "../store";
import { createId, fn } from "../util";

export const Role = z.enum(["admin", "coordinator"]);
export type Role = z.infer<typeof Role>;

// pk ORG#<orgId>, sk COORD#<id>: list an organisation's coordinators.
// gsi1pk COORDEMAIL#<email>, gsi1sk ORG#<orgId>: sign-in looks up every coordinator with that email.
// A second item, pk COORDEMAIL#<email> sk ORG#<orgId>, is created in the same transaction so that the
// same email cannot be added twice to one organisation (GSIs cannot enforce uniqueness).
export const key = (orgId: string, id: string) => ({ pk: `ORG#${orgId}`, sk: `COORD#${id}` });
const emailKey = (email: string, orgId: string) => ({ pk: `COORDEMAIL#${email}`, sk: `ORG#${orgId}` });

export const Info = z.object({
  id: z.string(),
  orgId: z.string(),
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: Role,
  /** Sites this coordinator works with; empty means all of the organisation's sites. */
  siteIds: z.array(z.string()).max(500).default([]),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const create = fn(Info.pick({ orgId: true, email: true, name: true, role: true, siteIds: true }), async (input) => {
  Actor.assertOrg(input.orgId, "admin");
  const info: Info = { ...input, id: createId("crd"), createdAt: Clock.iso() };
  await Store.transact(
    [
      { Put: { TableName: Store.table(), Item: { ...key(info.orgId, info.id), type: "coordinator", gsi1pk: `COORDEMAIL#${info.email}`, gsi1sk: `ORG#${info.orgId}`, ...info }, ConditionExpression: "attribute_not_exists(pk)" } },
      { Put: { TableName: Store.table(), Item: { ...emailKey(info.email, info.orgId), type: "coordinator_email", coordinatorId: info.id }, ConditionExpression: "attribute_not_exists(pk)" } },
    ],
    () => new VisibleError("conflict", "coordinator.email_taken", "A coordinator with this email already exists in this organisation."),
  );
  return info;
});

export const get = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw new VisibleError("not_found", "coordinator.not_found", "Coordinator not found.");
  return Info.parse(Store.strip(item));
});

export const list = fn(z.string(), async (orgId) => {
  Actor.assertOrg(orgId);
  return (await Store.queryAll({ pk: `ORG#${orgId}`, prefix: "COORD#" })).map((i) => Info.parse(Store.strip(i)));
});

/** For sign-in only (a system path): every coordinator record with this email, across organisations. */
export const byEmail = fn(z.email().transform((e) => e.toLowerCase()), async (email) => {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "coordinator.lookup_forbidden", "Not allowed.");
  const items = await Store.queryAll({ pk: `COORDEMAIL#${email}`, prefix: "ORG#", index: "gsi1" });
  return items.map((i) => Info.parse(Store.strip(i)));
});

const NOT_FOUND = { code: "coordinator.not_found", message: "Coordinator not found." };

export const UpdateInput = Info.pick({ name: true, role: true, siteIds: true }).partial().extend({ orgId: z.string(), id: z.string() });

/** An admin changes a coordinator's name, role or sites. The email is their sign-in, so it does not change. */
export const update = fn(UpdateInput, async ({ orgId, id, ...changes }) => {
  const actor = Actor.assertOrg(orgId, "admin");
  // An organisation must keep an admin: an admin cannot demote themselves (another admin can).
  if (actor.type === "coordinator" && actor.coordinatorId === id && changes.role === "coordinator")
    throw new VisibleError("conflict", "coordinator.last_admin", "You cannot remove your own admin role. Ask another admin.");
  return Info.parse(Store.strip(await Store.patch(key(orgId, id), changes, NOT_FOUND)));
});

/**
 * An admin removes a coordinator: the record and its email claim go in one transaction, so the email
 * can be added again and sign-in no longer finds it. Sessions already open stop working at once,
 * because every request reads the coordinator (Session.read).
 */
export const remove = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  const actor = Actor.assertOrg(orgId, "admin");
  if (actor.type === "coordinator" && actor.coordinatorId === id)
    throw new VisibleError("conflict", "coordinator.remove_self", "You cannot remove yourself. Ask another admin.");
  const info = await get({ orgId, id });
  await Store.transact(
    [
      { Delete: { TableName: Store.table(), Key: key(orgId, id), ConditionExpression: "attribute_exists(pk)" } },
      { Delete: { TableName: Store.table(), Key: emailKey(info.email, orgId) } },
    ],
    () => new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message),
  );
});
