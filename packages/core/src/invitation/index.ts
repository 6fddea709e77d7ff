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

import { createHash } from "node:crypto";
import * as z from "zod/mini";
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
  dimensions: z._default(z.record(z.string(), z.string()), {}),
  status: Status,
  /** Set when a response is stored. Carries no time, so it cannot be matched to a response. */
  answered: z.boolean(),
  remindersSent: z._default(z.int().check(z.minimum(0)), 0),
  lastSentAt: z.optional(z.string()),
  createdAt: z.string(),
  // Sending (distribution/send.ts). Round 0 is the invitation, round n the n-th reminder.
  /** The highest round sent (or given up on, see `failure`); -1 before the invitation goes out. */
  sentRound: z._default(z.int().check(z.minimum(-1)), -1),
  /** The round a worker has claimed, and until when (epoch ms): claimed before sending, never twice. */
  claimRound: z.optional(z.int().check(z.minimum(-1))),
  claimUntil: z.optional(z.int()),
  /** The round the remind job has queued (claimed before it is enqueued, so a job retry never doubles it). */
  queuedRound: z.optional(z.int().check(z.minimum(0))),
  queuedAt: z.optional(z.string()),
  /** Why the status is failed, opted_out or bounced (a code, never an address). */
  failure: z.optional(z.string()),
  /** The provider's message id (SES or SMS), for tracing. */
  messageId: z.optional(z.string()),
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

/**
 * The invitation id of a (survey, contact) pair: derived, not random, so that launching twice (a
 * double click, a retried request, a resumed launch) names the same invitation and its conditional
 * create fails instead of minting a second link. 26 Crockford base32 characters, like our ULIDs.
 */
export function idFor(surveyId: string, contactId: string) {
  const digest = createHash("sha256").update(`${surveyId}\u0000${contactId}`).digest();
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === 26) break;
  }
  return `inv_${out}`;
}

export const CreateInput = z.pick(Info, { orgId: true, surveyId: true, contactId: true, channel: true, language: true, dimensions: true });

/** The item an invitation is stored as (shared with the launch, which writes them in batches). */
export async function item(info: Info) {
  const token = await tokenFor(info.id);
  return { ...key(hash(token)), ...bySurvey(info.surveyId, info.id), type: "invitation", ...info };
}

export const create = /* @__PURE__ */ fn(CreateInput, async (input) => {
  Actor.assertOrg(input.orgId);
  const id = createId("inv");
  const token = await tokenFor(id);
  const info: Info = { ...input, id, status: "pending", answered: false, remindersSent: 0, sentRound: -1, createdAt: Clock.iso() };
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

export const list = /* @__PURE__ */ fn(
  z.object({ orgId: z.string(), surveyId: z.string(), limit: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 500), cursor: z.optional(z.string()) }),
  async ({ orgId, surveyId, limit, cursor }) => {
    Actor.assertOrg(orgId);
    const page = await Store.queryPage({ pk: `SURVEY#${surveyId}#INV`, prefix: "INV#", index: "gsi1", limit, cursor });
    return { invitations: page.items.map((i) => Info.parse(Store.strip(i))).filter((i) => i.orgId === orgId), cursor: page.cursor };
  },
);

/** Records a channel status change (sent, delivered, bounced, …). */
export const setStatus = /* @__PURE__ */ fn(z.object({ token: z.string(), status: Status }), async ({ token, status }) => {
  const item = await Store.patch(keyOf(token), { status, ...(status === "sent" ? { lastSentAt: Clock.iso() } : {}) }, {
    code: "invitation.not_found",
    message: "Invitation not found.",
  });
  return Info.parse(Store.strip(item));
});

export const alreadyAnswered = () =>
  new VisibleError("conflict", "response.already_submitted", "This invitation has already been answered.");
