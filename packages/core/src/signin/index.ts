// Coordinator sign-in by an emailed one-time code or link (DESIGN §6). There are no passwords: a
// coordinator proves they read their mailbox.
//
// - `start` always behaves the same whatever the address (the API answers 202 either way), so the
//   form cannot be used to find out who has an account. Only known coordinators get an email.
// - One challenge per address: pk SIGNIN#<sha256(email)>, sk SIGNIN. It holds the code's keyed hash
//   (HMAC with SESSION_SECRET: a 6-digit code has too little entropy for a bare SHA-256, which a copy
//   of the table could reverse in a millisecond), the link token's SHA-256, an attempt counter and
//   `expiresAt` (10 minutes, also the TTL). A new `start` replaces it, so only the newest code works.
// - The link's token is 128 random bits; pk SIGNINLINK#<sha256(token)> points back to the address.
//   The link works only while the challenge still carries its hash: using either the code or the link
//   deletes the challenge, so each email signs in at most once.
// - Guessing: an attempt is counted (atomically, before the code is compared) and refused from the
//   sixth on, and `start`, `verify` and `link` are rate-limited per address and per IP address.
export * as SignIn from "./index";

import { randomInt, timingSafeEqual } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Config } from "../config";
import { Coordinator } from "../coordinator";
import { VisibleError } from "../error";
import { Mailer } from "../mailer";
import { Organisation } from "../organisation";
import { RateLimit } from "../ratelimit";
import { Session } from "../session";
import { Store } from "../store";
import { createToken, fn, hash, hmac128 } from "../util";

export const CODE_SECONDS = 600;
export const MAX_ATTEMPTS = 5;

/** Sign-in emails per address: enough for a few retries, too few to flood someone's inbox. */
export const START_PER_ADDRESS: RateLimit.Rule = { bucket: "signin-start-address", limit: Number(process.env.SIGNIN_START_LIMIT ?? 5), windowSeconds: 900 };
/** Sign-in emails per IP address: a school's shared network has several coordinators. */
export const START_PER_IP: RateLimit.Rule = { bucket: "signin-start-ip", limit: Number(process.env.SIGNIN_IP_LIMIT ?? 30), windowSeconds: 900 };
/** Code and link attempts per IP address, across addresses (one IP guessing at many accounts). */
export const VERIFY_PER_IP: RateLimit.Rule = { bucket: "signin-verify-ip", limit: Number(process.env.SIGNIN_IP_LIMIT ?? 30), windowSeconds: 900 };

export const Email = z.email().max(254).transform((e) => e.trim().toLowerCase());
export const Code = z.string().trim().regex(/^\d{6}$/, "The code has 6 digits.");
export const LinkToken = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "This sign-in link is not valid.");

const challengeKey = (email: string) => ({ pk: `SIGNIN#${hash(email)}`, sk: "SIGNIN" });
const linkKey = (token: string) => ({ pk: `SIGNINLINK#${hash(token)}`, sk: "SIGNINLINK" });

const codeHash = async (email: string, code: string) => hmac128(await Config.secret("SESSION_SECRET"), `${email}:${code}`);

const invalidCode = () => new VisibleError("auth", "signin.invalid_code", "This code is not right, or it has expired. Check the email, or ask for a new code.");
const invalidLink = () => new VisibleError("auth", "signin.invalid_link", "This sign-in link has expired or was already used. Please ask for a new one.");
const tooMany = () => new VisibleError("rate_limited", "signin.too_many_attempts", "Too many wrong codes. Please ask for a new code.");

/**
 * Issues a fresh code and link for an address, replacing any earlier one. System only: `start` calls
 * it for known coordinators, and the local runtime prints a link for the demo coordinator.
 */
export async function issue(address: string) {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "signin.issue_forbidden", "Not allowed.");
  const email = Email.parse(address);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const token = createToken();
  const expiresAt = Clock.epochSeconds() + CODE_SECONDS;
  const T = Store.table();
  await Store.transact(
    [
      { Put: { TableName: T, Item: { ...challengeKey(email), type: "signin", codeHash: await codeHash(email, code), linkHash: hash(token), attempts: 0, expiresAt } } },
      { Put: { TableName: T, Item: { ...linkKey(token), type: "signin_link", email, expiresAt }, ConditionExpression: "attribute_not_exists(pk)" } },
    ],
    () => new VisibleError("conflict", "signin.retry", "Please try again."),
  );
  return { code, token, expiresAt };
}

/** The URL a sign-in link opens (the API sets the cookie, then sends the browser to the console). */
export const linkUrl = (base: string, token: string) => `${base.replace(/\/+$/, "")}/api/auth/link?token=${token}`;

export const StartInput = z.object({ email: Email });

/**
 * Emails a code and a link to the address if it belongs to a coordinator; otherwise does nothing,
 * visibly the same. `base` is the console's origin (links must open where the cookie will be used).
 */
export async function start(input: { email: string; ip: string; base: string }) {
  const { email } = StartInput.parse(input);
  await RateLimit.hit(START_PER_IP, input.ip);
  await RateLimit.hit(START_PER_ADDRESS, email);
  await Actor.provide({ type: "system" }, async () => {
    const known = await Coordinator.byEmail(email);
    // The only difference an outsider could time is the email being sent; the answer is the same.
    if (known.length === 0) return;
    const { code, token } = await issue(email);
    const link = linkUrl(input.base, token);
    await Mailer.send({
      to: [email],
      subject: `${code} is your sign-in code for School feedback`,
      text: `Your sign-in code is ${code}\n\nOr open this link to sign in:\n${link}\n\nThe code and the link work once, for 10 minutes. If you did not ask to sign in, you can ignore this email.\n`,
      html:
        `<p>Your sign-in code is</p><p style="font-size:28px;font-weight:bold;letter-spacing:4px">${code}</p>` +
        `<p>Or <a href="${escapeHtml(link)}">sign in with this link</a>.</p>` +
        `<p>The code and the link work once, for 10 minutes. If you did not ask to sign in, you can ignore this email.</p>`,
      tags: { kind: "signin" },
    });
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Every organisation an address coordinates in, ordered by organisation id (the default is the first). */
async function coordinatorsOf(email: string) {
  const all = await Actor.provide({ type: "system" }, () => Coordinator.byEmail(email));
  return all.sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
}

/**
 * A session for the address, in `orgId` if given (and theirs), else in their first organisation.
 * A coordinator removed since the code was sent gets nothing.
 */
async function sessionFor(email: string, orgId?: string) {
  const all = await coordinatorsOf(email);
  const chosen = (orgId && all.find((c) => c.orgId === orgId)) || all[0];
  if (!chosen) throw invalidCode();
  const session = await Session.create(chosen);
  return { ...session, coordinator: chosen };
}

export const VerifyInput = z.object({ email: Email, code: Code, orgId: z.string().max(100).optional() });

/** Checks a code. Every attempt counts, right or wrong; from the sixth on the challenge is dead. */
export async function verify(input: { email: string; code: string; orgId?: string; ip: string }) {
  const { email, code, orgId } = VerifyInput.parse(input);
  await RateLimit.hit(VERIFY_PER_IP, input.ip);
  const now = Clock.epochSeconds();
  let challenge: Record<string, unknown> | undefined;
  try {
    // Counted before comparing, in one conditional write, so parallel guesses cannot exceed the limit.
    const res = await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: challengeKey(email),
        UpdateExpression: "ADD attempts :one",
        ConditionExpression: "attribute_exists(pk) AND attempts < :max AND expiresAt > :now",
        ExpressionAttributeValues: { ":one": 1, ":max": MAX_ATTEMPTS, ":now": now },
        ReturnValues: "ALL_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    challenge = res.Attributes;
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const old = err.Item as Record<string, { N?: string }> | undefined;
    if (old && Number(old.attempts?.N) >= MAX_ATTEMPTS && Number(old.expiresAt?.N) > now) throw tooMany();
    throw invalidCode();
  }
  const expected = Buffer.from(String(challenge?.codeHash ?? ""));
  const given = Buffer.from(await codeHash(email, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalidCode();
  await consume(email, { name: "codeHash", value: String(challenge!.codeHash) }, invalidCode);
  return sessionFor(email, orgId);
}

/** Deletes the challenge if it is still the one that was checked: a code or link is used once. */
async function consume(email: string, match: { name: "codeHash" | "linkHash"; value: string }, onGone: () => VisibleError) {
  await Store.transact(
    [
      {
        Delete: {
          TableName: Store.table(),
          Key: challengeKey(email),
          ConditionExpression: "#h = :h AND expiresAt > :now",
          ExpressionAttributeNames: { "#h": match.name },
          ExpressionAttributeValues: { ":h": match.value, ":now": Clock.epochSeconds() },
        },
      },
    ],
    onGone,
  );
}

export const LinkInput = z.object({ token: LinkToken });

/** Opens a sign-in link. */
export async function link(input: { token: string; ip: string }) {
  const parsed = LinkInput.safeParse(input);
  if (!parsed.success) throw invalidLink();
  const { token } = parsed.data;
  await RateLimit.hit(VERIFY_PER_IP, input.ip);
  const item = await Store.get(linkKey(token));
  if (!item || Number(item.expiresAt) <= Clock.epochSeconds()) throw invalidLink();
  const email = String(item.email);
  // The link item itself is left to expire: once the challenge is gone (or replaced by a newer one
  // with another link hash), it opens nothing.
  await consume(email, { name: "linkHash", value: hash(token) }, invalidLink);
  return sessionFor(email);
}

export const Me = z.object({
  type: z.literal("coordinator"),
  coordinatorId: z.string(),
  orgId: z.string(),
  role: Coordinator.Role,
  name: z.string(),
  email: z.string(),
  organisations: z.array(z.object({ orgId: z.string(), name: z.string(), role: Coordinator.Role })),
});
export type Me = z.infer<typeof Me>;

/** The signed-in coordinator, their organisation, and every organisation they can switch to. */
export const me = fn(z.object({}), async (): Promise<Me> => {
  const actor = Actor.use();
  if (actor.type !== "coordinator") throw new VisibleError("auth", "auth.required", "Please sign in.");
  const self = await Coordinator.get({ orgId: actor.orgId, id: actor.coordinatorId });
  const all = await coordinatorsOf(self.email);
  const organisations = await Actor.provide({ type: "system" }, () =>
    Promise.all(all.map(async (c) => ({ orgId: c.orgId, name: (await Organisation.get(c.orgId)).name, role: c.role }))),
  );
  return { type: "coordinator", coordinatorId: self.id, orgId: self.orgId, role: self.role, name: self.name, email: self.email, organisations };
});

export const SwitchInput = z.object({ orgId: z.string().max(100) });

/** A new session in another organisation the same person coordinates in (the caller ends the old one). */
export const switchOrg = fn(SwitchInput, async ({ orgId }) => {
  const actor = Actor.use();
  if (actor.type !== "coordinator") throw new VisibleError("auth", "auth.required", "Please sign in.");
  const self = await Coordinator.get({ orgId: actor.orgId, id: actor.coordinatorId });
  const target = (await coordinatorsOf(self.email)).find((c) => c.orgId === orgId);
  if (!target) throw new VisibleError("not_found", "org.not_found", "Not found.");
  return { ...(await Session.create(target)), coordinator: target };
});
