// Organisations: a district or school network, the tenant. It holds the privacy floor (the smallest
// group size ever shown outside the coordinator's view, DESIGN §3 rule 5), the default country for
// phone numbers, the time zone for SMS quiet hours, and the retention period for responses and contacts.
export * as Organisation from "./index";

import * as z from "zod/mini";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Store } from "../store";
import { createId, fn } from "../util";
import { key } from "./organisation.dynamo";

/** The floor may be raised, never set below 5: smaller groups identify families. */
export const MIN_PRIVACY_FLOOR = 5;
export const DEFAULT_PRIVACY_FLOOR = 10;

const TimeZone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "Use an IANA time zone such as America/New_York."),
);

export const Info = z.object({
  id: z.string(),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, "Use a two-letter country code such as US.")),
  timeZone: TimeZone,
  defaultLanguage: Locale.Tag,
  privacyFloor: z.int().check(z.minimum(MIN_PRIVACY_FLOOR), z.maximum(1000)),
  retentionDays: z.int().check(z.minimum(30), z.maximum(3650)),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const CreateInput = z.extend(z.pick(Info, { name: true }), {
  id: z.optional(z.string().check(z.regex(/^org_[0-9A-Za-z]+$/))),
  country: z._default(Info.shape.country, "US"),
  timeZone: z._default(TimeZone, "America/New_York"),
  defaultLanguage: z._default(Locale.Tag, "en"),
  privacyFloor: z._default(Info.shape.privacyFloor, DEFAULT_PRIVACY_FLOOR),
  retentionDays: z._default(Info.shape.retentionDays, 730),
});

/** Creating an organisation is a system operation (sign-up and the seed), not a coordinator's. */
export const create = /* @__PURE__ */ fn(CreateInput, async (input) => {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "org.create_forbidden", "Not allowed.");
  const info: Info = { ...input, id: input.id ?? createId("org"), createdAt: Clock.iso() };
  await Store.create({ ...key(info.id), type: "org", ...info }, { code: "org.exists", message: "This organisation already exists." });
  return info;
});

export const get = /* @__PURE__ */ fn(z.string(), async (orgId) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId));
  if (!item) throw notFound();
  return Info.parse(Store.strip(item));
});

const NOT_FOUND = { code: "org.not_found", message: "Organisation not found." };
const notFound = () => new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);

export const UpdateInput = z.extend(z.partial(z.pick(Info, { name: true, country: true, timeZone: true, defaultLanguage: true, privacyFloor: true, retentionDays: true })), {
  id: z.string(),
});

/** Settings, including the privacy floor, are an admin's. */
export const update = /* @__PURE__ */ fn(UpdateInput, async ({ id, ...changes }) => {
  Actor.assertOrg(id, "admin");
  return Info.parse(Store.strip(await Store.patch(key(id), changes, NOT_FOUND)));
});

/**
 * A survey or partner may raise the privacy threshold k above the organisation's floor, never lower it
 * (DESIGN §3 rule 5). Checked when the threshold is set, so the coordinator hears about it there.
 */
export async function assertThreshold(orgId: string, threshold: number | undefined, path = "privacyThreshold") {
  if (threshold === undefined) return;
  const org = await get(orgId);
  if (threshold < org.privacyFloor)
    throw new VisibleError("input", "input.invalid", `${path}: The privacy threshold cannot be below your organisation's floor of ${org.privacyFloor}.`, {
      issues: [{ path, message: `At least ${org.privacyFloor}.` }],
      floor: org.privacyFloor,
    });
}
