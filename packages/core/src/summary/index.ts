// Partner summaries: the anonymised results of a survey, emailed to each partner it is shared with, in
// the partner's language, on the partner's schedule (weekly or monthly while the survey is open, and a
// final one after it closes), only while the partner's data-sharing agreement is active.
//
// What a partner sees is decided by suppress.ts (small cells and segments, over the whole release) and,
// for comments, scrub.ts; this module gathers the inputs and delivers.
//
// Exactly once per (survey, partner, period, contact). Before an email is sent, a delivery record is
// claimed with a condition (no record yet, or the last attempt failed). So:
// - a crash before the claim sends nothing and the next run sends;
// - a crash after the claim, during or after the send, leaves the record "sending": the next run does
//   not send again. It cannot know whether SES took the message, and a duplicate is the one outcome we
//   promised never to produce, so the coordinator sees it as "unconfirmed" and may resend by hand;
// - an error SES answers with (a rejected address, throttling) means the message was not taken: the
//   record is marked "failed", shown to the coordinator, and the next run retries it.
// One partner's failure never stops another's: each delivery is recorded on its own.
export * as Summary from "./index";

import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Config } from "../config";
import { Contact } from "../contact";
import { VisibleError } from "../error";
import { Log } from "../log";
import { Mailer } from "../mailer";
import { Organisation } from "../organisation";
import { Partner } from "../partner";
import { Response } from "../response";
import { Store } from "../store";
import { Survey } from "../survey";
import { Tally } from "../tally";
import { createToken, fn, hash } from "../util";
import { render, type Period, type Rendered } from "./email";
import { scrubber } from "./scrub";
import { deliveryKey, deliveryPrefix, optOutPrefix, trackKey, unsubscribeKey } from "./summary.dynamo";
import { suppress, type Release } from "./suppress";

export { suppress, columnsOf, Release, MAX_COLUMNS } from "./suppress";
export { scrubber, PLACEHOLDER } from "./scrub";
export { render } from "./email";
export { unsubscribe, unsubscribeInfo } from "./unsubscribe";
export type { Period, Rendered, EmailInput } from "./email";

export const PeriodKind = z.enum(["weekly", "monthly", "final"]);

export const Status = z.enum(["sending", "sent", "failed", "unconfirmed"]);
export type Status = z.infer<typeof Status>;

export const Delivery = z.object({
  surveyId: z.string(),
  partnerId: z.string(),
  period: z.string(),
  kind: PeriodKind,
  /** The partner contact's address (a partner's business contact, not a family's). */
  to: z.string(),
  status: Status,
  attempts: z.number().int(),
  claimedAt: z.string(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  /** The error's name (for example MessageRejected), never its message. */
  error: z.string().optional(),
  k: z.number().int(),
  respondents: z.number().int().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

/** A claim older than this that is still "sending" belongs to a run that died mid-send. */
export const LEASE_MS = 15 * 60_000;
/** Comments shared per question, at most. */
export const MAX_COMMENTS = 10;
/** Unsubscribe links work for about a year (TTL); a summary that old has been superseded many times. */
const UNSUBSCRIBE_DAYS = 400;

// ---------- thresholds and periods ----------

/** k for one partner's summaries: the organisation's floor, raised by the survey or the partner, never below 5. */
export function threshold(org: Organisation.Info, survey: Survey.Info, partner?: Partner.Info) {
  return Math.max(Organisation.MIN_PRIVACY_FLOOR, org.privacyFloor, survey.privacyThreshold ?? 0, partner?.privacyThreshold ?? 0);
}

/** The calendar day (YYYY-MM-DD) at `now` in the organisation's time zone. */
export function localDay(now: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The ISO week of a day: "2026-W48", starting on its Monday. */
export function isoWeek(day: string): Period {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  const monday = new Date(date.getTime() - weekday * 86_400_000);
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return { kind: "weekly", key: `${year}-W${String(week).padStart(2, "0")}`, start: monday.toISOString().slice(0, 10) };
}

/**
 * The period a partner is due a summary of, or undefined: not shared, agreement not active today, or
 * the survey not open yet. While open: this week or month; after it closes: the final one.
 */
export function periodFor(survey: Survey.Info, partner: Partner.Info, org: Organisation.Info, now = Clock.now()): Period | undefined {
  if (!survey.partnerIds.includes(partner.id)) return undefined;
  const day = localDay(now, org.timeZone);
  if (!Partner.isActive(partner, day)) return undefined;
  const state = Survey.availability(survey, now);
  if (state === "not_yet_open") return undefined;
  if (state === "closed") return { kind: "final", key: "final" };
  if (partner.frequency === "weekly") return isoWeek(day);
  return { kind: "monthly", key: day.slice(0, 7), start: `${day.slice(0, 7)}-01` };
}

// ---------- what is published ----------

/** The structure that decides how answers are counted; versions that agree on it can be added up. */
const structure = (content: Survey.Content) =>
  JSON.stringify(
    content.questions.map((q) => ({ id: q.id, type: q.type, required: q.required, showIf: q.showIf, options: "options" in q ? q.options.map((o) => o.id) : undefined })),
  );

/**
 * The survey's counts for a summary: the launched version's tally, plus older versions whose questions
 * count the same way (a reworded question still counts; a changed option list does not, and its
 * version's responses are left out rather than mis-added).
 */
async function counts(survey: Survey.Info) {
  const version = survey.launchedVersion ?? survey.version;
  const { content } = await Survey.getVersion({ orgId: survey.orgId, id: survey.id, version });
  const tallies = await Tally.list({ orgId: survey.orgId, surveyId: survey.id });
  let data = Tally.empty();
  for (const t of tallies) {
    const other = t.version === version ? content : (await Survey.getVersion({ orgId: survey.orgId, id: survey.id, version: t.version })).content;
    if (structure(other) === structure(content)) data = Tally.merge(data, t.data);
  }
  return { content, data };
}

export type Built = {
  k: number;
  content: Survey.Content;
  release: Release;
  rate?: { invited: number; pct: number };
  comments: { questionId: string; texts: string[] }[];
};

/**
 * Everything one k publishes for a survey. The response rate is shown only when the families who
 * answered by invitation are at least k, and when the rest of the respondents (public link) are zero
 * or at least k too: respondents minus invited-and-answered would otherwise give a small group away.
 */
export async function build(org: Organisation.Info, survey: Survey.Info, k: number): Promise<Built> {
  const { content, data } = await counts(survey);
  const release = suppress({ k, data, questions: content.questions, dimensions: survey.dimensions });
  let rate: Built["rate"];
  if (release.respondents !== null) {
    const { reached, answered } = await Tally.invitations({ orgId: org.id, surveyId: survey.id });
    const others = release.respondents - answered;
    if (reached > 0 && answered >= k && !(others > 0 && others < k)) rate = { invited: reached, pct: Math.round((100 * answered) / reached) };
  }
  const comments = release.respondents === null ? [] : await commentsFor(org.id, survey, content, data, k);
  return { k, content, release, rate, comments };
}

/**
 * Opted-in free text (DESIGN §3 rule 6): only questions the coordinator listed in `shareComments`,
 * only when at least k families answered that question, scrubbed, at most MAX_COMMENTS each, and with
 * no segment attached (a comment labelled with a small school would narrow who wrote it).
 * Text is never in a tally, so it is read from the responses here, a page at a time, until enough.
 * The scrubber needs the organisation's contact names: this is the one read of contact PII outside
 * distribution and sign-in, and the names are used only to remove them.
 */
async function commentsFor(orgId: string, survey: Survey.Info, content: Survey.Content, data: Tally.Data, k: number) {
  const questions = content.questions.filter(
    (q) => survey.shareComments.includes(q.id) && (q.type === "short_text" || q.type === "long_text") && (data.questions[q.id]?.[Tally.ANSWERED]?.[""] ?? 0) >= k,
  );
  if (questions.length === 0) return [];
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await Contact.list({ orgId, limit: 1000, cursor });
    for (const c of page.contacts) if (c.name) names.push(c.name);
    cursor = page.cursor;
  } while (cursor);
  const scrub = scrubber(names);
  const found = new Map(questions.map((q) => [q.id, new Set<string>()]));
  let start: string | undefined;
  let pages = 0;
  do {
    const page = await Store.queryPage({ pk: `SURVEY#${survey.id}`, prefix: "RESP#", limit: 200, cursor: start });
    for (const item of page.items) {
      const r = Response.Info.parse(Store.strip(item));
      for (const q of questions) {
        const set = found.get(q.id)!;
        const text = r.answers[q.id];
        if (typeof text !== "string" || !text.trim() || set.size >= MAX_COMMENTS) continue;
        const clean = scrub(text.trim().slice(0, 500)).text;
        if (clean.replace(/\[…\]/g, "").trim()) set.add(clean);
      }
    }
    start = page.cursor;
  } while (start && ++pages < 25 && [...found.values()].some((s) => s.size < MAX_COMMENTS));
  return questions.map((q) => ({ questionId: q.id, texts: [...found.get(q.id)!] }));
}

const unsubscribeUrl = (token: string) => `${Config.publicUrl()}/unsubscribe/partner/${token}`;

function email(org: Organisation.Info, partner: Partner.Info, period: Period, built: Built, url: string): Rendered {
  return render({
    language: partner.language,
    orgName: org.name,
    partnerName: partner.name,
    agreementEnd: partner.agreement.end,
    content: built.content,
    period,
    release: built.release,
    rate: built.rate,
    comments: built.comments,
    unsubscribeUrl: url,
  });
}

// ---------- deliveries ----------

async function deliveriesOf(surveyId: string) {
  const items = await Store.queryAll({ pk: `SURVEY#${surveyId}`, prefix: deliveryPrefix });
  return new Map(items.map((i) => [String(i.sk), Delivery.parse(Store.strip(i))]));
}

/** Addresses that unsubscribed from this organisation's summaries (hashed). */
async function optOuts(orgId: string) {
  const items = await Store.queryAll({ pk: `ORG#${orgId}`, prefix: optOutPrefix });
  return new Set(items.map((i) => String(i.sk).slice(optOutPrefix.length)));
}

export type Outcome = "sent" | "skipped" | "failed" | "unconfirmed";

/** Whether SES answered with an error, so the message was certainly not taken (vs a lost connection). */
function rejectedByService(err: unknown) {
  const e = err as { $metadata?: { httpStatusCode?: number }; $fault?: string };
  return typeof e?.$metadata?.httpStatusCode === "number" && e.$metadata.httpStatusCode >= 400 && (e.$fault === "client" || e.$fault === "server");
}

/**
 * Sends one partner contact one period's summary, exactly once (see the top of this file). With
 * `resend`, a coordinator's explicit decision, an unconfirmed or stuck attempt may be tried again.
 */
async function deliver(org: Organisation.Info, survey: Survey.Info, partner: Partner.Info, period: Period, built: Built, to: string, resend = false): Promise<Outcome> {
  const key = deliveryKey(survey.id, partner.id, period.key, to);
  const token = createToken();
  // Rendered before the claim: a template error must leave nothing claimed.
  const out = email(org, partner, period, built, unsubscribeUrl(token));
  const now = Clock.iso();
  const T = Store.table();
  const staleBefore = new Date(Clock.now().getTime() - LEASE_MS).toISOString();
  let attempt: number;
  try {
    await Store.client().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: T,
              Key: key,
              UpdateExpression:
                "SET #type = :type, surveyId = :s, partnerId = :p, period = :period, kind = :kind, #to = :to, #status = :sending, attempts = if_not_exists(attempts, :zero) + :one, claimedAt = :now, k = :k, respondents = :n",
              ConditionExpression: resend
                ? "attribute_not_exists(pk) OR #status IN (:failed, :unconfirmed) OR (#status = :sending AND claimedAt < :stale)"
                : "attribute_not_exists(pk) OR #status = :failed",
              ExpressionAttributeNames: { "#type": "type", "#to": "to", "#status": "status" },
              ExpressionAttributeValues: {
                ":type": "summary_delivery",
                ":s": survey.id,
                ":p": partner.id,
                ":period": period.key,
                ":kind": period.kind,
                ":to": to,
                ":sending": "sending",
                ":failed": "failed",
                ":zero": 0,
                ":one": 1,
                ":now": now,
                ":k": built.k,
                ":n": built.release.respondents,
                ...(resend ? { ":unconfirmed": "unconfirmed", ":stale": staleBefore } : {}),
              },
            },
          },
          {
            Put: {
              TableName: T,
              Item: { ...unsubscribeKey(hash(token)), type: "summary_unsubscribe", orgId: org.id, partnerId: partner.id, email: to, language: partner.language, expiresAt: Clock.epochSeconds() + UNSUBSCRIBE_DAYS * 86_400 },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
    // Which attempt this claim is: marking the outcome later is conditional on it, so a slow run can
    // never overwrite the record of a newer attempt.
    attempt = Number((await Store.get(key))?.attempts ?? 1);
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed") return "skipped";
    throw err;
  }

  const mark = (changes: Record<string, unknown>) =>
    Store.client().send(
      new UpdateCommand({
        TableName: T,
        Key: key,
        UpdateExpression: `SET ${Object.keys(changes).map((k, i) => `#k${i} = :v${i}`).join(", ")}`,
        ConditionExpression: "#status = :sending AND attempts = :attempt",
        ExpressionAttributeNames: { "#status": "status", ...Object.fromEntries(Object.keys(changes).map((k, i) => [`#k${i}`, k])) },
        ExpressionAttributeValues: { ":sending": "sending", ":attempt": attempt, ...Object.fromEntries(Object.values(changes).map((v, i) => [`:v${i}`, v])) },
      }),
    );

  let messageId: string;
  try {
    ({ messageId } = await Mailer.send({
      to: [to],
      subject: out.subject,
      html: out.html,
      text: out.text,
      headers: [
        // RFC 8058 one-click unsubscribe: mail providers POST to the link; the page also works by hand.
        { name: "List-Unsubscribe", value: `<${unsubscribeUrl(token)}>` },
        { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
      ],
      attachments: built.release.respondents === null ? [] : [{ filename: `summary-${survey.id}-${period.key}.csv`, contentType: "text/csv", content: out.csv }],
      tags: { kind: "summary", survey: survey.id, partner: partner.id },
    }));
  } catch (err) {
    // Recorded, not swallowed: the record carries the outcome to the coordinator and to the next run.
    const rejected = rejectedByService(err);
    await mark({ status: rejected ? "failed" : "unconfirmed", error: err instanceof Error ? err.name : "Error" });
    Log[rejected ? "warn" : "error"]("summary.send_failed", { orgId: org.id, surveyId: survey.id, partnerId: partner.id, code: rejected ? "failed" : "unconfirmed", error: err });
    return rejected ? "failed" : "unconfirmed";
  }
  await mark({ status: "sent", sentAt: Clock.iso(), messageId });
  Log.info("summary.sent", { orgId: org.id, surveyId: survey.id, partnerId: partner.id });
  return "sent";
}

type Context = { org: Organisation.Info; survey: Survey.Info; partners: Partner.Info[]; records: Map<string, Delivery>; optedOut: Set<string>; built: Map<number, Built> };

async function context(orgId: string, surveyId: string): Promise<Context> {
  const [org, survey] = await Promise.all([Organisation.get(orgId), Survey.get({ orgId, id: surveyId })]);
  const partners = (await Partner.list(orgId)).filter((p) => survey.partnerIds.includes(p.id));
  const [records, optedOut] = await Promise.all([deliveriesOf(surveyId), optOuts(orgId)]);
  return { org, survey, partners, records, optedOut, built: new Map() };
}

async function builtFor(ctx: Context, k: number) {
  let b = ctx.built.get(k);
  if (!b) ctx.built.set(k, (b = await build(ctx.org, ctx.survey, k)));
  return b;
}

/** The partner's contacts still owed this period: not unsubscribed, and not sent (failed ones retry). */
function owed(ctx: Context, partner: Partner.Info, period: Period) {
  return partner.contactEmails.filter((to) => {
    if (ctx.optedOut.has(hash(to.toLowerCase()))) return false;
    const record = ctx.records.get(deliveryKey(ctx.survey.id, partner.id, period.key, to).sk);
    return !record || record.status === "failed";
  });
}

/** One survey's turn in the job: fold, then send what is due. Returns emails sent and failures. */
async function runSurvey(orgId: string, surveyId: string, now: Date) {
  await Tally.fold({ orgId, surveyId });
  const ctx = await context(orgId, surveyId);
  const { survey } = ctx;
  if (survey.status === "open") await Store.client().send(new PutCommand({ TableName: Store.table(), Item: { ...trackKey(orgId, surveyId), type: "summary_track" } }));
  let sent = 0;
  let failed = 0;
  let finalOwed = false;
  for (const partner of ctx.partners) {
    const period = periodFor(survey, partner, ctx.org, now);
    if (!period) continue;
    const recipients = owed(ctx, partner, period);
    if (recipients.length === 0) continue;
    const built = await builtFor(ctx, threshold(ctx.org, survey, partner));
    // A weekly or monthly summary waits until there is something to share; the final one always goes.
    if (period.kind !== "final" && built.release.respondents === null) continue;
    for (const to of recipients) {
      const outcome = await deliver(ctx.org, survey, partner, period, built, to).catch((error: unknown) => {
        // Anything else (the store unreachable mid-claim): logged, nothing half-recorded, retried next run.
        Log.error("summary.delivery_error", { orgId, surveyId, partnerId: partner.id, error });
        return "failed" as const;
      });
      if (outcome === "sent") sent++;
      if (outcome === "failed") {
        failed++;
        if (period.kind === "final") finalOwed = true;
      }
    }
  }
  // A closed survey stays followed until every final summary is out (or can no longer be due). The
  // marker is then retired (and left to expire) rather than deleted: the job needs no DeleteItem right.
  if (Survey.availability(survey, now) === "closed" && !finalOwed) {
    await Store.client().send(
      new UpdateCommand({ TableName: Store.table(), Key: trackKey(orgId, surveyId), UpdateExpression: "SET done = :t, expiresAt = :now", ExpressionAttributeValues: { ":t": true, ":now": Clock.epochSeconds() } }),
    );
  }
  return { sent, failed };
}

/**
 * The scheduled job: every open survey and every closed one still owing final summaries. One survey's
 * failure is logged and does not stop the others; the next run picks up whatever is left.
 */
export async function run(now = Clock.now()) {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "summary.run_forbidden", "Not allowed.");
  const open = await Survey.listOpen();
  const tracked = await Store.queryAll({ pk: "SUMMARISE", prefix: "" });
  const surveys = new Map<string, { orgId: string; surveyId: string }>();
  for (const s of open) surveys.set(`${s.orgId}#${s.id}`, { orgId: s.orgId, surveyId: s.id });
  for (const t of tracked) {
    if (t.done) continue;
    const [orgId, surveyId] = String(t.sk).split("#");
    if (orgId && surveyId) surveys.set(`${orgId}#${surveyId}`, { orgId, surveyId });
  }
  let sent = 0;
  let failed = 0;
  for (const { orgId, surveyId } of surveys.values()) {
    const result = await runSurvey(orgId, surveyId, now).catch((error: unknown) => {
      Log.error("summary.survey_failed", { orgId, surveyId, error });
      return { sent: 0, failed: 1 };
    });
    sent += result.sent;
    failed += result.failed;
  }
  return { count: sent, failed, surveys: surveys.size };
}

// ---------- for coordinators ----------

const PartnerRef = z.object({ orgId: z.string(), surveyId: z.string(), partnerId: z.string() });

async function forPartner({ orgId, surveyId, partnerId }: z.infer<typeof PartnerRef>) {
  Actor.assertOrg(orgId);
  const ctx = await context(orgId, surveyId);
  const partner = ctx.partners.find((p) => p.id === partnerId);
  if (!partner) {
    await Partner.get({ orgId, id: partnerId });
    throw new VisibleError("conflict", "summary.not_shared", "This survey is not shared with this partner.");
  }
  return { ctx, partner };
}

/**
 * The email this partner would get now (or would have got: a partner without an active agreement, or a
 * survey not open yet, is previewed as this week's summary), with its CSV, exactly as it would be sent.
 */
export const preview = fn(PartnerRef, async (ref) => {
  const { ctx, partner } = await forPartner(ref);
  await Tally.fold({ orgId: ref.orgId, surveyId: ref.surveyId });
  const due = periodFor(ctx.survey, partner, ctx.org);
  const period = due ?? isoWeek(localDay(Clock.now(), ctx.org.timeZone));
  const built = await builtFor(ctx, threshold(ctx.org, ctx.survey, partner));
  const out = email(ctx.org, partner, period, built, unsubscribeUrl("preview"));
  return { ...out, period, due: Boolean(due), k: built.k, recipients: partner.contactEmails.filter((to) => !ctx.optedOut.has(hash(to.toLowerCase()))) };
});

/** The partner CSV alone: the same suppressed figures as the email. */
export const partnerCsv = fn(PartnerRef, async (ref) => {
  const out = await preview(ref);
  return { filename: `summary-${ref.surveyId}-${out.period.key}.csv`, csv: out.csv };
});

/**
 * A coordinator's "send now": this period's summary to the partner's contacts, through the same
 * exactly-once claim as the job (so the job will not send it again). With `resend`, attempts that are
 * unconfirmed (a run died mid-send) may go again: the coordinator decides a possible duplicate is fine.
 */
export const trigger = fn(PartnerRef.extend({ resend: z.boolean().default(false) }), async ({ resend, ...ref }) => {
  const { ctx, partner } = await forPartner(ref);
  const period = periodFor(ctx.survey, partner, ctx.org);
  if (!period) throw new VisibleError("conflict", "summary.not_due", "Nothing can be sent to this partner now: the agreement is not active, or the survey is not open yet.");
  await Tally.fold({ orgId: ref.orgId, surveyId: ref.surveyId });
  const built = await builtFor(ctx, threshold(ctx.org, ctx.survey, partner));
  const recipients = partner.contactEmails.filter((to) => !ctx.optedOut.has(hash(to.toLowerCase())));
  const outcomes: Record<string, Outcome> = {};
  for (const to of recipients) outcomes[to] = await deliver(ctx.org, ctx.survey, partner, period, built, to, resend);
  if (recipients.length > 0 && Object.values(outcomes).every((o) => o === "skipped"))
    throw new VisibleError("conflict", "summary.already_sent", "This period's summary has already been sent to this partner.", { period: period.key });
  return { period: period.key, outcomes };
});

/** A survey's deliveries, for the coordinator. A claim stuck in "sending" past the lease reads "unconfirmed". */
export const deliveries = fn(z.object({ orgId: z.string(), surveyId: z.string() }), async ({ orgId, surveyId }) => {
  Actor.assertOrg(orgId);
  await Survey.get({ orgId, id: surveyId });
  const stale = new Date(Clock.now().getTime() - LEASE_MS).toISOString();
  return [...(await deliveriesOf(surveyId)).values()].map((d) => (d.status === "sending" && d.claimedAt < stale ? { ...d, status: "unconfirmed" as const } : d));
});
