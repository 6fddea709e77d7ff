// Contacts: the families a survey is sent to. Privacy rule 1 (DESIGN §3): names, emails and phone
// numbers live only in contact items, and only distribution and sign-in read them. Nothing derived
// from a contact (invitations, responses, tallies, logs) copies them.
export * as Contact from "./index";

import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Store } from "../store";
import { createId, fn } from "../util";

// pk ORG#<orgId>, sk CONTACT#<id>: an organisation's contacts, paged in id (creation) order.
export const key = (orgId: string, id: string) => ({ pk: `ORG#${orgId}`, sk: `CONTACT#${id}` });

export const Channel = z.enum(["email", "sms"]);
export type Channel = z.infer<typeof Channel>;

const Fields = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).transform((e) => e.toLowerCase()).optional(),
  /** E.164, normalised on import with the organisation's default country. */
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, "Use an E.164 phone number such as +15551234567.").optional(),
  language: Locale.Tag,
  /** Reporting attributes such as site and grade_band, copied to invitations only if a survey declares them. */
  attributes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(100)).default({}),
  preferredChannel: z.enum(["email", "sms", "any"]).default("any"),
  /** Per organisation, permanent until the contact opts back in (DESIGN §4 Opt-out). */
  optedOut: z.object({ email: z.boolean(), sms: z.boolean() }).default({ email: false, sms: false }),
  emailStatus: z.enum(["ok", "bounced", "complained"]).default("ok"),
  createdAt: z.string(),
  /** Epoch seconds; set from the organisation's retention when the surveys that used it close. */
  expiresAt: z.number().int().optional(),
});
const reachable = (c: { email?: string; phone?: string }) => Boolean(c.email || c.phone);
const reachableMessage = { message: "A contact needs an email address or a phone number.", path: ["email"] };

export const Info = Fields.refine(reachable, reachableMessage);
export type Info = z.infer<typeof Info>;

export const CreateInput = Fields.omit({ id: true, createdAt: true, expiresAt: true, optedOut: true, emailStatus: true }).refine(reachable, reachableMessage);

const NOT_FOUND = { code: "contact.not_found", message: "Contact not found." };
const toInfo = (item: Record<string, unknown>) => Info.parse(Store.strip(item));

export const create = fn(CreateInput, async (input) => {
  Actor.assertOrg(input.orgId);
  const info = Info.parse({ ...input, id: createId("con"), createdAt: Clock.iso() });
  await Store.create({ ...key(info.orgId, info.id), type: "contact", ...info }, { code: "contact.exists", message: "This contact already exists." });
  return info;
});

export const get = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
  return toInfo(item);
});

export const list = fn(
  z.object({ orgId: z.string(), limit: z.number().int().min(1).max(1000).default(100), cursor: z.string().optional() }),
  async ({ orgId, limit, cursor }) => {
    Actor.assertOrg(orgId);
    const page = await Store.queryPage({ pk: `ORG#${orgId}`, prefix: "CONTACT#", limit, cursor });
    return { contacts: page.items.map(toInfo), cursor: page.cursor };
  },
);

/** Records an opt-out (or, with `optedOut: false`, an opt-in) for one channel. Idempotent. */
export const setOptOut = fn(
  z.object({ orgId: z.string(), id: z.string(), channel: Channel, optedOut: z.boolean().default(true) }),
  async ({ orgId, id, channel, optedOut }) => {
    Actor.assertOrg(orgId);
    // One nested SET, so an SMS STOP and an email unsubscribe arriving together both stick. The
    // condition makes a missing contact fail instead of being created as a bare { optedOut } item.
    try {
      const res = await Store.client().send(
        new UpdateCommand({
          TableName: Store.table(),
          Key: key(orgId, id),
          UpdateExpression: "SET optedOut.#ch = :v",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#ch": channel },
          ExpressionAttributeValues: { ":v": optedOut },
          ReturnValues: "ALL_NEW",
        }),
      );
      return toInfo(res.Attributes!);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
      throw err;
    }
  },
);

/** Erases a contact (a coordinator's right, DESIGN §3 rule 7). Invitations keep no PII, so nothing else holds it. */
export const erase = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  await Store.transact(
    [{ Delete: { TableName: Store.table(), Key: key(orgId, id), ConditionExpression: "attribute_exists(pk)" } }],
    () => new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message),
  );
});

/** Whether a contact can be reached on a channel right now (has the address and has not opted out). */
export function reachableBy(contact: Info, channel: Channel) {
  if (channel === "email") return Boolean(contact.email) && !contact.optedOut.email && contact.emailStatus === "ok";
  return Boolean(contact.phone) && !contact.optedOut.sms;
}
