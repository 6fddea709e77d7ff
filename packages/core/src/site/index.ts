// Sites: the schools or programmes of an organisation. A contact's site is a reporting dimension.
export * as Site from "./index";

import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Store } from "../store";
import { createId, fn } from "../util";

// pk ORG#<orgId>, sk SITE#<siteId>: list an organisation's sites with one Query.
export const key = (orgId: string, siteId: string) => ({ pk: `ORG#${orgId}`, sk: `SITE#${siteId}` });

export const Info = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string().trim().min(1).max(200),
  /** The code the student information system uses, so imports can map contacts to sites. */
  code: z.string().trim().min(1).max(50).optional(),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const create = fn(Info.pick({ orgId: true, name: true, code: true }), async (input) => {
  Actor.assertOrg(input.orgId, "admin");
  const info: Info = { ...input, id: createId("site"), createdAt: Clock.iso() };
  await Store.create({ ...key(info.orgId, info.id), type: "site", ...info }, { code: "site.exists", message: "This site already exists." });
  return info;
});

export const list = fn(z.string(), async (orgId) => {
  Actor.assertOrg(orgId);
  const items = await Store.queryAll({ pk: `ORG#${orgId}`, prefix: "SITE#" });
  return items.map((i) => Info.parse(Store.strip(i)));
});
