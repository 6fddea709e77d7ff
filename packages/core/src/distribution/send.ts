// Sending one queued invitation or reminder, exactly once (DESIGN §4 Send; issue 4).
//
// A queue message names an invitation and a round (0 is the invitation, n the n-th reminder). SQS may
// deliver it twice, a worker may crash half way, a launch may run twice: the invitation item decides.
//
//   1. Read the invitation. Rounds already sent are acknowledged and dropped.
//   2. Check what may have changed since it was queued: the survey still open, the contact still
//      there and reachable on a channel it has not opted out of (or bounced on), SMS hours.
//   3. Claim the round: a conditional write "claimRound < round and sentRound < round" that sets
//      claimRound = round and a lease. Only one worker ever wins a round, so only one ever sends it.
//   4. Send through SES or SMS, pacing per channel and backing off when throttled.
//   5. Record the result: sentRound = round, status sent (or the failure).
//
// The window between 4 and 5 is the one that cannot be closed: neither SES nor End User Messaging
// accepts an idempotency key, so after a crash there (or a timeout with no answer) nobody can know
// whether the message left. We choose "at most once" there: the round stays claimed and is recorded as
// failed/"uncertain" (by this worker when it sees a timeout, or by the next delivery once the lease has
// expired), and it is not sent again. A family in that window may miss the invitation, but never gets
// it twice; the remind job re-invites those who have not answered, and in AWS a later SES Delivery event
// for it turns the status back into "delivered". The window is one provider call: the lease starts just
// before it, all checks and reads happen before the claim, and the SDK clients make a single attempt
// (their own retries would resend after a timeout). Failures that the provider answered (throttling,
// an unavailable account) did not send anything: the claim is released and the message retried, and on
// its last receive the failure is recorded before the queue moves it to the dead-letter queue.
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { TooManyRequestsException, type SESv2Client } from "@aws-sdk/client-sesv2";
import { ThrottlingException } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Config } from "../config";
import { Contact } from "../contact";
import { Invitation } from "../invitation";
import { Log } from "../log";
import { Mailer } from "../mailer";
import { Message } from "../message";
import { OptOut } from "../optout";
import { Organisation } from "../organisation";
import { Store } from "../store";
import { Survey } from "../survey";
import { Texter } from "../texter";
import { hash } from "../util";
import * as Hours from "./hours";
import * as Pace from "./pace";

/** A queue message. Ids only: an address never travels through the queue. */
export const Job = z.object({
  v: z.literal(1),
  orgId: z.string(),
  surveyId: z.string(),
  invitationId: z.string(),
  /** Lets the worker read the contact alongside the invitation instead of after it. */
  contactId: z.string().optional(),
  round: z.number().int().min(0).max(10),
  /** The channels the coordinator chose at launch. */
  channels: z.array(Contact.Channel).min(1).default(["email", "sms"]),
});
export type Job = z.infer<typeof Job>;

export type Outcome =
  | "sent"
  | "duplicate" // the round was already sent (a redelivery, a second launch)
  | "skipped" // nothing to send (answered, closed, erased, unreachable, opted out); recorded when it matters
  | "failed" // recorded as failed; retrying cannot help
  | "deferred" // SMS hours, or the survey not open yet: the queue shows it again later
  | "retry"; // not sent, nothing recorded as final: the queue redelivers it

export type Delivery = {
  /** How many times the queue has delivered this message, counting this one. */
  receiveCount: number;
  /** After this many receives the queue moves the message to the dead-letter queue. */
  maxReceives: number;
  /** Keep the message hidden for this many seconds (SMS hours). */
  defer: (seconds: number) => Promise<void>;
  /** Epoch ms by which the worker must have answered (Lambda's remaining time). */
  deadline?: number;
};

/** A claimed round not recorded after this long is treated as a crash in the uncertain window. */
export const LEASE_MS = 60_000;

let mailClient: SESv2Client | undefined;
/** Tests inject a client (for example one whose first calls are throttled); otherwise a single-attempt client. */
export function configure(opts: { mailClient?: SESv2Client }) {
  mailClient = opts.mailClient;
}
const mail = () => (mailClient ??= Mailer.createClient({ maxAttempts: 1 }));

// Surveys and organisations change rarely; a few seconds of staleness is fine (a survey closed just
// now may still send for that long, and the form refuses answers by the survey's own record anyway).
const cache = new Map<string, { value: unknown; until: number }>();
async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.value as T;
  const value = await load();
  if (cache.size > 1000) cache.clear();
  cache.set(key, { value, until: Date.now() + 10_000 });
  return value;
}
export const forget = () => cache.clear();

/** The channel to use now: the invitation's if still reachable, else the contact's other allowed one. */
export function channelFor(contact: Contact.Info, allowed: Contact.Channel[], current?: Contact.Channel) {
  const order: Contact.Channel[] =
    current ? [current, current === "email" ? "sms" : "email"] : contact.preferredChannel === "sms" ? ["sms", "email"] : ["email", "sms"];
  const prefersOnly = contact.preferredChannel !== "any" ? contact.preferredChannel : undefined;
  for (const ch of order) {
    if (!allowed.includes(ch) || !Contact.reachableBy(contact, ch)) continue;
    // A preference is a preference, not a refusal: the other channel is used when the preferred one
    // cannot reach the family (no address, opted out of it, bounced).
    if (prefersOnly && ch !== prefersOnly && allowed.includes(prefersOnly) && Contact.reachableBy(contact, prefersOnly)) continue;
    return ch;
  }
  return undefined;
}

/** Why a contact cannot be reached, as the invitation's status. */
function unreachable(contact: Contact.Info, allowed: Contact.Channel[]): { status: Invitation.Status; failure: string } {
  const has = (ch: Contact.Channel) => allowed.includes(ch) && (ch === "email" ? Boolean(contact.email) : Boolean(contact.phone));
  const out = (ch: Contact.Channel) => (ch === "email" ? contact.optedOut.email : contact.optedOut.sms);
  const channels = allowed.filter(has);
  if (channels.length && channels.every((ch) => out(ch) || (ch === "email" && contact.emailStatus !== "ok"))) {
    if (channels.some(out)) return { status: "opted_out", failure: "opted_out" };
    return { status: "bounced", failure: contact.emailStatus };
  }
  return { status: "failed", failure: "no_address" };
}

async function update(key: Store.Key, expression: string, values: Record<string, unknown>, condition?: string, names: Record<string, string> = {}) {
  await Store.client().send(
    new UpdateCommand({
      TableName: Store.table(),
      Key: key,
      UpdateExpression: expression,
      ConditionExpression: ["attribute_exists(pk)", condition].filter(Boolean).join(" AND "),
      ExpressionAttributeNames: expression.includes("#s") || condition?.includes("#s") ? { "#s": "status", ...names } : Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Records a final outcome for a round that was never claimed (nothing was sent). */
async function settle(key: Store.Key, round: number, status: Invitation.Status, failure: string) {
  // Only for a round nobody has claimed or sent: a concurrent worker that did send keeps its record.
  await update(
    key,
    "SET #s = :s, failure = :f, sentRound = :r",
    { ":s": status, ":f": failure, ":r": round },
    "(attribute_not_exists(sentRound) OR sentRound < :r) AND (attribute_not_exists(claimRound) OR claimRound < :r)",
  ).catch((err) => {
    // Someone else sent or claimed this round meanwhile: theirs is the record that stands.
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  });
}

type Classified = "throttled" | "unavailable" | "rejected" | "uncertain";

const UNAVAILABLE = new Set([
  "SendingPausedException",
  "AccountSuspendedException",
  "MailFromDomainNotVerifiedException",
  "AccessDeniedException",
  "ServiceQuotaExceededException",
  "ResourceNotFoundException",
  "InternalServerException",
  "InternalFailure",
  "ServiceUnavailable",
  "ServiceUnavailableException",
]);
const REJECTED = new Set(["MessageRejected", "BadRequestException", "ValidationException", "ConflictException", "NotFoundException", "InvalidParameterValue"]);

/**
 * What a send error means for exactly-once. Throttling and account-level refusals are answers from
 * the provider that it did not send; a per-message refusal (a malformed address, a number the carrier
 * opted out) will not change on retry; anything without an answer (a timeout, a reset connection)
 * may have sent.
 */
export function classify(err: unknown): Classified {
  if (err instanceof TooManyRequestsException || err instanceof ThrottlingException) return "throttled";
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? "";
  if (name === "LimitExceededException" || name === "Throttling" || name === "ThrottlingException" || name === "TooManyRequestsException") return "throttled";
  if (UNAVAILABLE.has(name)) return "unavailable";
  if (REJECTED.has(name)) return "rejected";
  // Refused before anything reached the provider.
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"].includes(e?.code ?? "")) return "unavailable";
  const status = e?.$metadata?.httpStatusCode;
  if (status && status >= 500) return "unavailable";
  if (status && status >= 400) return "rejected";
  return "uncertain";
}

/** Sends with exponential backoff (and jitter) while the provider throttles; other errors go up. */
async function withBackoff<T>(channel: Contact.Channel, attempt: () => Promise<T>, deadline: number) {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (classify(err) !== "throttled" || n >= 5) throw err;
      const wait = Math.min(8_000, 250 * 2 ** n) * (0.5 + Math.random() / 2);
      if (Date.now() + wait > deadline) throw err;
      Pace.pause(channel, wait);
      Log.warn("send.throttled", { code: channel, count: n + 1, durationMs: Math.round(wait) });
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export async function deliver(job: Job, d: Delivery): Promise<Outcome> {
  return Actor.provide({ type: "system" }, () => deliverAsSystem(job, d));
}

async function deliverAsSystem(job: Job, d: Delivery): Promise<Outcome> {
  const token = await Invitation.tokenFor(job.invitationId);
  const key = Invitation.keyOf(token);
  const [item, early] = await Promise.all([Store.get(key), job.contactId ? Store.get(Contact.key(job.orgId, job.contactId)) : undefined]);
  if (!item) {
    Log.warn("send.no_invitation", { orgId: job.orgId, surveyId: job.surveyId });
    return "skipped";
  }
  const inv = Invitation.Info.parse(Store.strip(item));
  if (inv.orgId !== job.orgId || inv.surveyId !== job.surveyId) return "skipped";
  const { round } = job;
  if (inv.sentRound >= round) return "duplicate";
  // A reminder goes only to families who have not answered. In anonymous mode the invitation's
  // "answered" mark is all there is to know, and all that is read.
  if (round > 0 && inv.answered) return "skipped";

  const survey = await cached(`survey#${job.orgId}#${job.surveyId}`, () => Survey.get({ orgId: job.orgId, id: job.surveyId }));
  const availability = Survey.availability(survey);
  if (availability === "not_yet_open" && survey.status === "open" && survey.opensAt) {
    await d.defer(Math.min((new Date(survey.opensAt).getTime() - Clock.now().getTime()) / 1000 + 60, 43_200));
    return "deferred";
  }
  if (availability !== "open") {
    // Never after close; a reminder simply does not happen, an invitation records why it did not.
    if (round === 0) await settle(key, round, "failed", "survey_closed");
    return "skipped";
  }
  const contactItem = job.contactId === inv.contactId ? early : await Store.get(Contact.key(job.orgId, inv.contactId));
  if (!contactItem) {
    if (round === 0) await settle(key, round, "failed", "contact_erased");
    return "skipped";
  }
  const contact = Contact.Info.parse(Store.strip(contactItem));
  const channel = channelFor(contact, job.channels, inv.channel);
  if (!channel) {
    const why = unreachable(contact, job.channels);
    await settle(key, round, why.status, why.failure);
    Log.info("send.skipped", { orgId: job.orgId, surveyId: job.surveyId, code: why.failure });
    return "skipped";
  }
  const org = await cached(`org#${job.orgId}`, () => Organisation.get(job.orgId));
  const now = Clock.now();
  if (channel === "sms" && !Hours.isOpen(org.timeZone, now)) {
    // Later ones wait: hidden in the queue until the hours open (plus a little jitter, so a night's
    // texts do not all arrive in the first second).
    await d.defer(Hours.secondsUntilOpen(org.timeZone, now) + Math.floor(Math.random() * 300));
    return "deferred";
  }
  const deadline = d.deadline ?? Number.POSITIVE_INFINITY;
  if (Date.now() + 5_000 > deadline) return "retry";

  await Pace.take(channel);
  const locale = Message.localeOf(inv.language);
  const link = `${Config.publicUrl()}/s/${token}`;
  const unsubscribeUrl = channel === "email" ? await OptOut.unsubscribeUrl(job.orgId, contact.id, locale) : undefined;
  const ctx: Message.Context = {
    kind: round === 0 ? "invitation" : "reminder",
    locale,
    org: org.name,
    title: Message.title(survey.title, locale, survey.defaultLanguage),
    link,
    unsubscribeUrl,
    closesAt: survey.closesAt,
    timeZone: org.timeZone,
    anonymity: survey.anonymity,
  };

  // Claim the round. Everything above was reading; from here on, a crash leaves the round claimed.
  // Leases are on the Clock, so tests can let one run out instead of waiting a minute.
  const mine = Clock.now().getTime() + LEASE_MS;
  try {
    await update(
      key,
      "SET claimRound = :r, claimUntil = :u, channel = :ch",
      { ":r": round, ":u": mine, ":ch": channel },
      "(attribute_not_exists(sentRound) OR sentRound < :r) AND (attribute_not_exists(claimRound) OR claimRound < :r)",
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    return contested(key, round);
  }

  let messageId: string;
  try {
    messageId = await withBackoff(
      channel,
      async () => {
        if (channel === "email") {
          const email = Message.email(ctx);
          const res = await Mailer.send(
            {
              to: [contact.email!],
              subject: email.subject,
              html: email.html,
              text: email.text,
              headers: email.headers,
              // Returned with SES's bounce, complaint and delivery events (inbound/ses-events).
              tags: { org: job.orgId, contact: contact.id, invitation: hash(token), round: String(round) },
            },
            mail(),
          );
          return res.messageId;
        }
        const sms = Message.sms(ctx);
        const res = await Texter.send({ to: contact.phone!, body: sms.text, context: { invitation: hash(token), round: String(round) } });
        return res.messageId;
      },
      deadline,
    );
  } catch (err) {
    const kind = classify(err);
    Log.warn("send.error", { orgId: job.orgId, surveyId: job.surveyId, code: kind, kind: channel, error: err });
    if (kind === "uncertain") {
      await update(key, "SET #s = :s, failure = :f, sentRound = :r, lastSentAt = :at REMOVE claimUntil", { ":s": "failed", ":f": "uncertain", ":r": round, ":at": Clock.iso() }, "claimRound = :r");
      return "failed";
    }
    if (kind === "rejected") {
      const code = (err as { name?: string }).name ?? "rejected";
      await update(key, "SET #s = :s, failure = :f, sentRound = :r REMOVE claimUntil", { ":s": "failed", ":f": `rejected:${code}`, ":r": round }, "claimRound = :r");
      return "failed";
    }
    // Not sent: give the round back so the next delivery can claim it. On the last delivery the
    // failure is recorded too, since the message goes to the dead-letter queue next.
    const last = d.receiveCount >= d.maxReceives;
    await update(
      key,
      last ? "SET claimRound = :prev, #s = :s, failure = :f REMOVE claimUntil" : "SET claimRound = :prev REMOVE claimUntil",
      { ":prev": round - 1, ":r": round, ":u": mine, ...(last ? { ":s": "failed", ":f": `retries_exhausted:${kind}` } : {}) },
      "claimRound = :r AND claimUntil = :u",
    ).catch((e) => {
      // Our lease expired and another delivery took over the round: it decides now.
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    });
    return "retry";
  }

  await update(
    key,
    "SET #s = :s, sentRound = :r, remindersSent = :n, lastSentAt = :at, messageId = :m, channel = :ch REMOVE claimUntil, failure",
    { ":s": "sent", ":r": round, ":n": round, ":at": Clock.iso(), ":m": messageId, ":ch": channel },
    // Only the worker holding the claim ever sends a round, so this record cannot be anyone else's.
    "claimRound = :r",
  );
  Log.info("send.sent", { orgId: job.orgId, surveyId: job.surveyId, code: channel, count: round });
  return "sent";
}

/** The claim failed: the round was sent, is being sent, or was left claimed by a crashed worker. */
async function contested(key: Store.Key, round: number): Promise<Outcome> {
  const item = await Store.get(key);
  const inv = item ? Invitation.Info.parse(Store.strip(item)) : undefined;
  if (!inv || inv.sentRound >= round) return "duplicate";
  if ((inv.claimRound ?? -1) > round) return "duplicate";
  if (inv.claimUntil && inv.claimUntil > Clock.now().getTime()) return "retry"; // another delivery is sending it right now
  // Claimed, never recorded, lease over: a worker died between claiming and recording. It may have
  // sent; at most once means we do not (see the top of this file).
  try {
    await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: key,
        UpdateExpression: "SET #s = :s, failure = :f, sentRound = :r, lastSentAt = :at REMOVE claimUntil",
        ConditionExpression: "claimRound = :r AND (attribute_not_exists(sentRound) OR sentRound < :r)",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": "failed", ":f": "uncertain", ":r": round, ":at": Clock.iso() },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    // The slow worker recorded its send a moment ago, or another delivery marked it first.
    return "duplicate";
  }
  Log.warn("send.uncertain", { orgId: inv.orgId, surveyId: inv.surveyId, count: round });
  return "failed";
}
