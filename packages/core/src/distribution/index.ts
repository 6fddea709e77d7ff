// Distribution: launching a survey to an organisation's contacts, previewing what they will receive,
// watching the sending, and reminding those who have not answered (DESIGN §4 Launch, Send, Remind).
//
// Launch creates one invitation per reachable contact (copying only the reporting dimensions the
// survey declares) and queues it, a page of contacts at a time. The invitation's id is derived from
// (survey, contact), so no contact is ever invited twice to a survey; a lease makes a double-clicked
// launch wait its turn; a cursor makes a launch that stopped half way (a Lambda timeout, a crash)
// carry on from where it was when it is run again. Sending itself is the worker's (send.ts).
export * as Distribution from "./index";

import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Config } from "../config";
import { Contact } from "../contact";
import { VisibleError } from "../error";
import { Invitation } from "../invitation";
import { Log } from "../log";
import { Message } from "../message";
import { Organisation } from "../organisation";
import { Queue } from "../queue";
import { Store } from "../store";
import { Survey } from "../survey";
import { fn } from "../util";
import { launchKey } from "./distribution.dynamo";
import { channelFor, Job } from "./send";

export { deliver, channelFor, classify, configure as configureSender, forget as forgetCaches, Job, LEASE_MS } from "./send";
export type { Delivery, Outcome } from "./send";
export * as Hours from "./hours";
export * as Pace from "./pace";

const Channels = z.array(Contact.Channel).min(1).max(2);

export const LaunchState = z.object({
  orgId: z.string(),
  surveyId: z.string(),
  channels: Channels,
  runId: z.string().optional(),
  leaseUntil: z.number().optional(),
  /** The last contact id handled: contacts are listed in id order, so the next run starts after it. */
  cursor: z.string().optional(),
  /** Present while a page is being written: the run that resumes writes that page carefully. */
  dirty: z.boolean().optional(),
  done: z.boolean().default(false),
  counts: z.object({ contacts: z.number(), invited: z.number(), existing: z.number(), unreachable: z.number(), enqueued: z.number() }),
  startedAt: z.string(),
  updatedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type LaunchState = z.infer<typeof LaunchState>;

const ZERO = { contacts: 0, invited: 0, existing: 0, unreachable: 0, enqueued: 0 };
const LEASE_MS_LAUNCH = 60_000;
/** Contacts per page: each page is written, then queued, then the cursor moves past it. */
const pageSize = () => Number(process.env.LAUNCH_PAGE_SIZE ?? 500);

const Ref = z.object({ orgId: z.string(), surveyId: z.string() });

/** Reporting dimensions for an invitation: only those the survey declares (DESIGN §3 rule 4). */
export function dimensionsOf(survey: Survey.Info, contact: Contact.Info) {
  const out: Record<string, string> = {};
  for (const d of survey.dimensions) {
    if (d === "site" || d === "grade_band") {
      const v = contact.attributes[d];
      if (v) out[d] = v;
    }
  }
  return out;
}

const contactCursor = (orgId: string, contactId: string) =>
  Buffer.from(JSON.stringify({ pk: `ORG#${orgId}`, sk: `CONTACT#${contactId}` })).toString("base64url");

/**
 * Contacts of this survey that already have an invitation made some other way (by hand, or by the
 * demo seed): those have random ids, so the derived id would not find them. Invitations a launch
 * made are left to the cursor and to the careful page (unless `launched`: the preview counts every
 * contact already invited).
 */
async function invitedContacts(surveyId: string, opts: { launched: boolean }) {
  const seen = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const res = await Store.client().send(
      new QueryCommand({
        TableName: Store.table(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": `SURVEY#${surveyId}#INV` },
        ProjectionExpression: "id, contactId",
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) if (opts.launched || i.id !== Invitation.idFor(surveyId, String(i.contactId))) seen.add(String(i.contactId));
    start = res.LastEvaluatedKey;
  } while (start);
  return seen;
}

async function openForLaunch(orgId: string, surveyId: string) {
  let survey = await Survey.get({ orgId, id: surveyId });
  if (survey.status === "draft") {
    try {
      survey = await Survey.transition({ orgId, id: surveyId, to: "open" });
    } catch (err) {
      // The other click of a double click opened it first: carry on with the survey as it is now.
      if (!(err instanceof VisibleError && (err.code === "survey.illegal_transition" || err.code === "survey.changed"))) throw err;
      survey = await Survey.get({ orgId, id: surveyId });
    }
  }
  if (survey.status !== "open" || Survey.availability(survey) === "closed")
    throw new VisibleError("conflict", "launch.closed", "This survey is closed. Reopen it before sending invitations.");
  // Invitations wait in the queue for at most 12 hours at a time (SQS's limit), and each wait counts
  // towards the dead-letter queue: a survey that opens later is launched when it opens.
  if (Survey.availability(survey) === "not_yet_open")
    throw new VisibleError("conflict", "launch.not_yet_open", "This survey opens later. Launch it on or after its opening date.", { opensAt: survey.opensAt });
  return survey;
}

async function acquire(orgId: string, surveyId: string, runId: string, channels: Contact.Channel[]) {
  const now = Clock.now().getTime();
  try {
    const res = await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: launchKey(surveyId),
        UpdateExpression:
          "SET #t = :t, orgId = :o, surveyId = :s, channels = :ch, runId = :run, leaseUntil = :until, startedAt = if_not_exists(startedAt, :iso), counts = if_not_exists(counts, :zero), #d = :f, updatedAt = :iso REMOVE finishedAt",
        ConditionExpression: "attribute_not_exists(pk) OR attribute_not_exists(leaseUntil) OR leaseUntil < :now",
        ExpressionAttributeNames: { "#t": "type", "#d": "done" },
        ExpressionAttributeValues: { ":t": "launch", ":o": orgId, ":s": surveyId, ":ch": channels, ":run": runId, ":until": now + LEASE_MS_LAUNCH, ":iso": Clock.iso(), ":zero": ZERO, ":f": false, ":now": now },
        ReturnValues: "ALL_NEW",
      }),
    );
    return LaunchState.parse(Store.strip(res.Attributes!));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException)
      throw new VisibleError("conflict", "launch.running", "This survey is being launched already. Its progress shows below.");
    throw err;
  }
}

/** Updates the launch as its lease holder; losing the lease (it expired and another run took over) stops this run. */
// Names that DynamoDB reserves (CURSOR) or might: always through placeholders.
const NAMES = { "#c": "cursor", "#e": "existing", "#d": "done" };

async function progressAs(surveyId: string, runId: string, expression: string, values: Record<string, unknown>) {
  const names = Object.fromEntries(Object.entries(NAMES).filter(([k]) => expression.includes(k)));
  try {
    await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: launchKey(surveyId),
        UpdateExpression: expression,
        ConditionExpression: "runId = :run",
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: { ...values, ":run": runId },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException)
      throw new VisibleError("conflict", "launch.lease_lost", "This launch paused for too long and another one took over.");
    throw err;
  }
}

/**
 * Writes invitations that cannot exist yet in batches (25 per request, unconditional: under the lease,
 * for contacts after the cursor, no one else writes these ids). For the page a crashed run may have
 * half written, `careful` writes each with `attribute_not_exists`, and returns the ones already there
 * that were never sent, to be queued again (the worker's claim makes a second message harmless).
 */
async function writeInvitations(items: Record<string, unknown>[], careful: boolean) {
  const T = Store.table();
  /** Invitations that already existed and were sent or claimed: not to be queued again. */
  const skip = new Set<string>();
  if (!careful) {
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(16, chunks.length) }, async () => {
        while (next < chunks.length) {
          let pending = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
          for (let attempt = 0; pending.length; attempt++) {
            const res = await Store.client().send(new BatchWriteCommand({ RequestItems: { [T]: pending } }));
            pending = (res.UnprocessedItems?.[T] ?? []) as typeof pending;
            if (pending.length) await new Promise((r) => setTimeout(r, Math.min(2000, 25 * 2 ** attempt)));
          }
        }
      }),
    );
    return { created: items.length, skip };
  }
  let created = 0;
  for (let i = 0; i < items.length; i += 100) {
    let chunk = items.slice(i, i + 100);
    while (chunk.length) {
      try {
        await Store.client().send(
          new TransactWriteCommand({ TransactItems: chunk.map((Item) => ({ Put: { TableName: T, Item, ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" } })) }),
        );
        created += chunk.length;
        chunk = [];
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const reasons = err.CancellationReasons ?? [];
        if (!reasons.some((r) => r.Code === "ConditionalCheckFailed")) throw err;
        // Drop the ones that exist (queue them again if they never went out) and retry the rest.
        const keep: Record<string, unknown>[] = [];
        chunk.forEach((item, j) => {
          const r = reasons[j];
          if (r?.Code !== "ConditionalCheckFailed") keep.push(item);
          else {
            // The item comes back in raw attribute-value form (DESIGN §8).
            const old = r.Item as Record<string, { N?: string; S?: string }> | undefined;
            const sentRound = Number(old?.sentRound?.N ?? -1);
            if (sentRound >= 0 || old?.claimRound) skip.add(String(item.id));
          }
        });
        chunk = keep;
      }
    }
  }
  return { created, skip };
}

export const LaunchInput = Ref.extend({
  channels: Channels.default(["email", "sms"]),
  /** Stop after this long and report progress; calling launch again carries on (API requests have a time limit). */
  budgetMs: z.number().int().min(1000).optional(),
});

/**
 * Launches (or carries on launching) a survey: opens it if it is a draft, then invites every contact
 * not yet invited, in contact id order. Returns the launch's state; `done: false` means "call again".
 */
export const launch = fn(LaunchInput, async ({ orgId, surveyId, channels, budgetMs }) => {
  Actor.assertOrg(orgId);
  const started = Date.now();
  const survey = await openForLaunch(orgId, surveyId);
  const runId = randomUUID();
  let state = await acquire(orgId, surveyId, runId, channels);
  const already = await invitedContacts(surveyId, { launched: false });
  // A run that died half way left its page "dirty": that page is written carefully this time. If it
  // fails here, the lease is left to expire rather than released, so the next run knows the same.
  let careful = state.dirty === true;
  let after = state.cursor;
  for (;;) {
    const page = await Store.queryPage({ pk: `ORG#${orgId}`, prefix: "CONTACT#", limit: pageSize(), cursor: after ? contactCursor(orgId, after) : undefined });
    const contacts = page.items.map((i) => Contact.Info.parse(Store.strip(i)));
    if (!contacts.length) break;
    await progressAs(surveyId, runId, "SET dirty = :d, leaseUntil = :until", { ":d": true, ":until": Clock.now().getTime() + LEASE_MS_LAUNCH });
    const now = Clock.iso();
    const counts = { ...ZERO, contacts: contacts.length };
    const infos: Invitation.Info[] = [];
    for (const contact of contacts) {
      if (already.has(contact.id)) {
        counts.existing++;
        continue;
      }
      const channel = channelFor(contact, channels);
      if (!channel) {
        counts.unreachable++;
        continue;
      }
      infos.push({
        id: Invitation.idFor(surveyId, contact.id),
        orgId,
        surveyId,
        contactId: contact.id,
        channel,
        language: Message.localeOf(contact.language),
        dimensions: dimensionsOf(survey, contact),
        status: "queued",
        answered: false,
        remindersSent: 0,
        sentRound: -1,
        queuedAt: now,
        createdAt: now,
      });
    }
    const items = await Promise.all(infos.map((i) => Invitation.item(i)));
    const written = await writeInvitations(items, careful);
    counts.invited = written.created;
    counts.existing += infos.length - written.created;
    const jobs = infos
      .filter((i) => !written.skip.has(i.id))
      .map((i) => ({ body: JSON.stringify({ v: 1, orgId, surveyId, invitationId: i.id, contactId: i.contactId, round: 0, channels } satisfies Job) }));
    await Queue.send(jobs);
    counts.enqueued = jobs.length;
    after = contacts[contacts.length - 1]!.id;
    await progressAs(
      surveyId,
      runId,
      "SET #c = :cursor, leaseUntil = :until, updatedAt = :iso, counts.contacts = counts.contacts + :n1, counts.invited = counts.invited + :n2, counts.#e = counts.#e + :n3, counts.unreachable = counts.unreachable + :n4, counts.enqueued = counts.enqueued + :n5 REMOVE dirty",
      { ":cursor": after, ":until": Clock.now().getTime() + LEASE_MS_LAUNCH, ":iso": Clock.iso(), ":n1": counts.contacts, ":n2": counts.invited, ":n3": counts.existing, ":n4": counts.unreachable, ":n5": counts.enqueued },
    );
    careful = false;
    state = {
      ...state,
      cursor: after,
      counts: {
        contacts: state.counts.contacts + counts.contacts,
        invited: state.counts.invited + counts.invited,
        existing: state.counts.existing + counts.existing,
        unreachable: state.counts.unreachable + counts.unreachable,
        enqueued: state.counts.enqueued + counts.enqueued,
      },
    };
    if (!page.cursor) break;
    if (budgetMs && Date.now() - started > budgetMs) {
      await release(surveyId, runId, false);
      return { ...state, done: false, runId: undefined, leaseUntil: undefined };
    }
  }
  await release(surveyId, runId, true);
  Log.info("launch.done", { orgId, surveyId, count: state.counts.enqueued });
  return { ...state, done: true, runId: undefined, leaseUntil: undefined, finishedAt: Clock.iso() };
});

async function release(surveyId: string, runId: string, done: boolean) {
  await progressAs(
    surveyId,
    runId,
    `SET #d = :d, updatedAt = :iso${done ? ", finishedAt = :iso" : ""} REMOVE leaseUntil, runId`,
    { ":d": done, ":iso": Clock.iso() },
  );
}

/** The launch's state, or undefined before the first launch. */
export const launchState = fn(Ref, async ({ orgId, surveyId }) => {
  Actor.assertOrg(orgId);
  await Survey.get({ orgId, id: surveyId });
  const item = await Store.get(launchKey(surveyId));
  return item ? LaunchState.parse(Store.strip(item)) : undefined;
});

const Money = z.object({ sms: z.number(), email: z.number(), total: z.number(), currency: z.literal("USD"), pricePerSegment: z.number(), pricePerEmail: z.number() });
const Segments = z.object({ text: z.string(), encoding: z.enum(["GSM-7", "UCS-2"]), characters: z.number(), units: z.number(), segments: z.number(), perSegment: z.number(), unicode: z.array(z.string()) });

/** What `preview` answers (the console's launch screen). */
export const Preview = z.object({
  surveyId: z.string(),
  channels: Channels,
  totals: z.object({ contacts: z.number(), email: z.number(), sms: z.number(), alreadyInvited: z.number(), optedOut: z.number(), bounced: z.number(), noAddress: z.number() }),
  languages: z.array(
    z.object({
      locale: z.string(),
      contacts: z.object({ email: z.number(), sms: z.number() }),
      titleFallback: z.boolean(),
      email: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
      sms: Segments,
      reminderSms: Segments,
    }),
  ),
  cost: z.object({ invitations: Money, withReminders: Money, smsSegments: z.number(), reminders: z.object({ max: z.number(), everyDays: z.number() }) }),
});

/** What `progress` answers. */
export const Progress = z.object({
  launch: z.object({ done: z.boolean(), running: z.boolean(), counts: LaunchState.shape.counts, startedAt: z.string(), finishedAt: z.string().optional() }).optional(),
  invitations: z.object({
    total: z.number(),
    byStatus: z.record(z.string(), z.number()),
    byChannel: z.record(z.string(), z.record(z.string(), z.number())),
    byLanguage: z.record(z.string(), z.number()),
    answered: z.number(),
    remindersSent: z.number(),
  }),
});

/** A placeholder token the length of a real one, so previews count exactly the characters sent. */
const SAMPLE_TOKEN = "aBcD3fGh1JkLmN0pQrStUv";

export const PreviewInput = Ref.extend({ channels: Channels.default(["email", "sms"]) });

/**
 * What launching would send: for each language, the email and the text message as a family will see
 * them (with a placeholder link of the real length), the SMS's encoding and segments, and how many
 * contacts each channel reaches; then the cost estimate, for the invitation and with every reminder.
 */
export const preview = fn(PreviewInput, async ({ orgId, surveyId, channels }): Promise<z.infer<typeof Preview>> => {
  Actor.assertOrg(orgId);
  const survey = await Survey.get({ orgId, id: surveyId });
  const org = await Organisation.get(orgId);
  const already = await invitedContacts(surveyId, { launched: true });
  const perLanguage = new Map<string, { email: number; sms: number }>();
  const totals = { contacts: 0, email: 0, sms: 0, alreadyInvited: 0, optedOut: 0, bounced: 0, noAddress: 0 };
  let cursor: string | undefined;
  do {
    const page = await Store.queryPage({ pk: `ORG#${orgId}`, prefix: "CONTACT#", limit: 1000, cursor });
    for (const item of page.items) {
      const c = Contact.Info.parse(Store.strip(item));
      totals.contacts++;
      if (already.has(c.id)) {
        totals.alreadyInvited++;
        continue;
      }
      const ch = channelFor(c, channels);
      if (!ch) {
        const reachableSomehow = channels.some((x) => (x === "email" ? c.email : c.phone));
        if (!reachableSomehow) totals.noAddress++;
        else if (channels.some((x) => (x === "email" ? c.optedOut.email : c.optedOut.sms))) totals.optedOut++;
        else totals.bounced++;
        continue;
      }
      totals[ch]++;
      const locale = Message.localeOf(c.language);
      const n = perLanguage.get(locale) ?? { email: 0, sms: 0 };
      n[ch]++;
      perLanguage.set(locale, n);
    }
    cursor = page.cursor;
  } while (cursor);

  const locales = [...new Set([Message.localeOf(survey.defaultLanguage), ...perLanguage.keys()])];
  const link = `${Config.publicUrl()}/s/${SAMPLE_TOKEN}`;
  let segments = 0;
  const languages = locales.map((locale) => {
    const ctx = {
      locale,
      org: org.name,
      title: Message.title(survey.title, locale, survey.defaultLanguage),
      link,
      closesAt: survey.closesAt,
      timeZone: org.timeZone,
      anonymity: survey.anonymity,
    };
    const invitation = { email: Message.email({ ...ctx, kind: "invitation", unsubscribeUrl: `${Config.publicUrl()}/u/${SAMPLE_TOKEN}` }), sms: Message.sms({ ...ctx, kind: "invitation" }) };
    const reminder = Message.sms({ ...ctx, kind: "reminder" });
    const counts = perLanguage.get(locale) ?? { email: 0, sms: 0 };
    segments += counts.sms * invitation.sms.count.segments;
    return {
      locale,
      contacts: counts,
      // The survey has no title in this language: the family sees the default language's.
      titleFallback: ctx.title.lang !== locale && !Object.keys(survey.title).some((t) => Message.localeOf(t) === locale),
      email: { subject: invitation.email.subject, text: invitation.email.text, html: invitation.email.html },
      sms: { text: invitation.sms.text, ...invitation.sms.count },
      reminderSms: { text: reminder.text, ...reminder.count },
    };
  });
  const reminderSegments = languages.reduce((s, l) => s + l.contacts.sms * l.reminderSms.segments, 0) * survey.reminders.max;
  return {
    surveyId,
    channels,
    totals,
    languages,
    cost: {
      invitations: Message.cost(segments, totals.email),
      withReminders: Message.cost(segments + reminderSegments, totals.email * (1 + survey.reminders.max)),
      smsSegments: segments,
      reminders: survey.reminders,
    },
  };
});

/**
 * How sending is going: the launch, and every invitation's status, by channel and language. Reads the
 * survey's invitations through gsi1 (a few attributes each), so it costs one read per invitation.
 */
export const progress = fn(Ref, async ({ orgId, surveyId }): Promise<z.infer<typeof Progress>> => {
  Actor.assertOrg(orgId);
  await Survey.get({ orgId, id: surveyId });
  const item = await Store.get(launchKey(surveyId));
  const launchInfo = item ? LaunchState.parse(Store.strip(item)) : undefined;
  const byStatus: Record<string, number> = {};
  const byChannel: Record<string, Record<string, number>> = {};
  const byLanguage: Record<string, number> = {};
  let total = 0;
  let answered = 0;
  let reminders = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const res = await Store.client().send(
      new QueryCommand({
        TableName: Store.table(),
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": `SURVEY#${surveyId}#INV`, ":o": orgId },
        FilterExpression: "orgId = :o",
        ProjectionExpression: "#s, channel, #l, answered, remindersSent",
        ExpressionAttributeNames: { "#s": "status", "#l": "language" },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) {
      total++;
      const s = String(i.status);
      byStatus[s] = (byStatus[s] ?? 0) + 1;
      const ch = (byChannel[String(i.channel)] ??= {});
      ch[s] = (ch[s] ?? 0) + 1;
      byLanguage[String(i.language)] = (byLanguage[String(i.language)] ?? 0) + 1;
      if (i.answered) answered++;
      reminders += Number(i.remindersSent ?? 0);
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return {
    launch: launchInfo ? { done: launchInfo.done, running: Boolean(launchInfo.leaseUntil && launchInfo.leaseUntil > Clock.now().getTime()), counts: launchInfo.counts, startedAt: launchInfo.startedAt, finishedAt: launchInfo.finishedAt } : undefined,
    invitations: { total, byStatus, byChannel, byLanguage, answered, remindersSent: reminders },
  };
});

export { remind, recover } from "./remind";
export { sesEvent } from "./events";
