// Invitations: a personal link for one contact to answer one survey once.
//
// Tokens. A link's token is HMAC(TOKEN_SECRET, invitationId), 128 bits, base64url (22 characters, so a
// whole link fits well within 60 characters). Only its SHA-256 is stored. Deriving it rather than
// drawing it at random lets the sender recompute the same link on a retry without ever storing the
// token, so a resent reminder carries the same link and a crashed send cannot mint a second one.
// Without the server's secret the token is as unguessable as a random one.
//
// The invitation holds the reporting dimensions copied from the contact (only those the survey
// declares), never the contact's name, email or phone.
export * as Invitation from "./index";

import { z } from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Config } from "../config";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Store } from "../store";
import { createId, fn, hash, hmac128 } from "../util";
import { bySurvey, draftKey, key } from "./invitation.dynamo";

export { draftKey } from "./invitation.dynamo";

export const Status = z.enum(["pending", "queued", "sent", "delivered", "bounced", "opted_out", "failed"]);
export type Status = z.infer<typeof Status>;

export const Info = z.object({
  id: z.string(),
  orgId: z.string(),
  surveyId: z.string(),
  contactId: z.string(),
  channel: z.enum(["email", "sms"]),
  language: Locale.Tag,
  /** Reporting dimensions copied from the contact at creation (DESIGN §3 rule 4). */
  dimensions: z.record(z.string(), z.string()).default({}),
  status: Status,
  /** Set when a response is stored. Carries no time, so it cannot be matched to a response. */
  answered: z.boolean(),
  remindersSent: z.number().int().min(0).default(0),
  lastSentAt: z.string().optional(),
  createdAt: z.string(),
});
export type Info = z.infer<typeof Info>;

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
export const isTokenShaped = (token: string) => TOKEN.test(token);

export async function tokenFor(invitationId: string) {
  return hmac128(await Config.secret("TOKEN_SECRET"), invitationId);
}

/** Storage key of the invitation a token opens. */
export const keyOf = (token: string) => key(hash(token));
/** Storage key of the saved, unfinished answer (draft) behind a token. */
export const draftKeyOf = (token: string) => draftKey(hash(token));

export const CreateInput = Info.pick({ orgId: true, surveyId: true, contactId: true, channel: true, language: true, dimensions: true });

export const create = fn(CreateInput, async (input) => {
  Actor.assertOrg(input.orgId);
  const id = createId("inv");
  const token = await tokenFor(id);
  const info: Info = { ...input, id, status: "pending", answered: false, remindersSent: 0, createdAt: Clock.iso() };
  await Store.create(
    { ...key(hash(token)), ...bySurvey(info.surveyId, id), type: "invitation", ...info },
    { code: "invitation.exists", message: "This invitation already exists." },
  );
  return { info, token };
});

/**
 * The invitation a token opens, or undefined. Malformed tokens are rejected without a lookup; the
 * caller shows the same page for "malformed", "unknown" and "another survey's", so nothing leaks.
 */
export async function byToken(token: string) {
  if (!isTokenShaped(token)) return undefined;
  const item = await Store.get(keyOf(token));
  return item ? Info.parse(Store.strip(item)) : undefined;
}

export const list = fn(
  z.object({ orgId: z.string(), surveyId: z.string(), limit: z.number().int().min(1).max(1000).default(500), cursor: z.string().optional() }),
  async ({ orgId, surveyId, limit, cursor }) => {
    Actor.assertOrg(orgId);
    const page = await Store.queryPage({ pk: `SURVEY#${surveyId}#INV`, prefix: "INV#", index: "gsi1", limit, cursor });
    return { invitations: page.items.map((i) => Info.parse(Store.strip(i))).filter((i) => i.orgId === orgId), cursor: page.cursor };
  },
);

/** Records a channel status change (sent, delivered, bounced, …). */
export const setStatus = fn(z.object({ token: z.string(), status: Status }), async ({ token, status }) => {
  const item = await Store.patch(keyOf(token), { status, ...(status === "sent" ? { lastSentAt: Clock.iso() } : {}) }, {
    code: "invitation.not_found",
    message: "Invitation not found.",
  });
  return Info.parse(Store.strip(item));
});

export const alreadyAnswered = () =>
  new VisibleError("conflict", "response.already_submitted", "This invitation has already been answered.");
