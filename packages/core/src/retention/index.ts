// Retention and erasure of a survey's data (DESIGN §3 rule 7).
//
// Expiry. When a survey closes, Survey.transition writes, in the same transaction as the status, the
// expiry its items should carry: close time + the organisation's retentionDays (the survey's RETENTION
// item, `target`). Reopening writes target 0 ("no expiry"). This module applies the target to every item
// of the survey that links to families or their answers, a page at a time:
//   - responses (SURVEY#<id> / RESP#…): SET expiresAt = target, or REMOVE it on reopen;
//   - invitations (through gsi1 SURVEY#<id>#INV), which hold contact ids: the same;
//   - each invitation's draft: only ever made to expire sooner (`expiresAt > target` in the condition).
//     A draft already expires DRAFT_DAYS after its last save; retention must never keep it longer, and
//     on reopen it is left alone (its own expiry stands);
//   - public-link device markers and drafts (through gsi1 SURVEY#<id>#PUB): the same as responses.
// DynamoDB's TTL then deletes them. Why a pass and not a transaction: a survey has tens of thousands of
// such items. Why this shape:
//   - idempotent: every write sets a value (or removes it); doing a page twice changes nothing;
//   - resumable: the RETENTION item keeps the phase and the last key handled; a pass that stops (a
//     Lambda timeout, a budget) carries on from there. Items are never created (`attribute_exists`), so
//     a draft deleted by a submit in between is not brought back as a half item;
//   - one pass at a time: a lease (runId, leaseUntil) like the launch's. Every progress write requires
//     the lease AND the target the pass started with, so a pass for a target that has since changed
//     (a reopen during the stamping) stops at its next page and never marks itself done; the new target
//     starts from the beginning once the lease is free, so a stale value can never be written last.
// Who runs it: the API right after a close or reopen (with a time budget), and the hourly job for every
// survey whose RETENTION item still carries gsi1 `RETENTION` (a pass owed or unfinished). The job also
// closes open surveys whose close date has passed, so their retention starts too.
//
// Erasure (`eraseSurvey`). Everything of a survey goes: invitations and their drafts, public-link
// markers and drafts, the SURVEY#<id> partition (responses, versions, tallies, summary deliveries, the
// launch and retention state), the summary job's marker, the slug and finally the survey item. The
// survey is first marked `erasing` and closed (so no launch, reopen or new answer starts); deletes are
// idempotent and each call starts again from what is left, so it needs no cursor: a call that stops
// half way is simply repeated. The survey item goes last, only after a whole pass found nothing left,
// so a retry still finds it (and with it the organisation check). Summaries already emailed to partners
// are beyond our reach: only our records of them go.
export * as Retention from "./index";

import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Log } from "../log";
import { Store } from "../store";
import { trackKey } from "../summary/summary.dynamo";
import { Survey } from "../survey";
import { key as surveyKey, retentionKey, slugKey } from "../survey/survey.dynamo";
import { fn } from "../util";

const LEASE_MS = 60_000;
const pageSize = () => Number(process.env.RETENTION_PAGE_SIZE ?? 500);
/** Parallel single-item writes per page (UpdateItem cannot be batched). */
const CONCURRENCY = 16;

type Source = { index?: "gsi1"; pk: (surveyId: string) => string; prefix?: string };
/** The phases of a pass, in order: where the items of a survey that must expire are found. */
const SOURCES: Source[] = [
  { pk: (s) => `SURVEY#${s}`, prefix: "RESP#" },
  { index: "gsi1", pk: (s) => `SURVEY#${s}#INV` },
  { index: "gsi1", pk: (s) => `SURVEY#${s}#PUB` },
];

export const Progress = z.object({ done: z.boolean(), target: z.number().optional(), running: z.boolean().optional() });
export type Progress = z.infer<typeof Progress>;

async function page(source: Source, surveyId: string, start: Record<string, unknown> | undefined, limit: number) {
  const pkName = source.index ? "gsi1pk" : "pk";
  const res = await Store.client().send(
    new QueryCommand({
      TableName: Store.table(),
      IndexName: source.index,
      KeyConditionExpression: source.prefix ? "#pk = :pk AND begins_with(sk, :prefix)" : "#pk = :pk",
      ExpressionAttributeNames: { "#pk": pkName },
      ExpressionAttributeValues: { ":pk": source.pk(surveyId), ...(source.prefix ? { ":prefix": source.prefix } : {}) },
      ProjectionExpression: "pk, sk",
      ExclusiveStartKey: start,
      Limit: limit,
    }),
  );
  return { keys: (res.Items ?? []) as Store.Key[], next: res.LastEvaluatedKey };
}

async function inParallel<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** An update that must not create the item, and is simply skipped when the item is gone or already as wanted. */
async function updateIfThere(Key: Store.Key, UpdateExpression: string, values?: Record<string, unknown>, extra = "") {
  await Store.updateIf({ Key, UpdateExpression, ConditionExpression: `attribute_exists(pk)${extra}`, ...(values ? { ExpressionAttributeValues: values } : {}) });
}

async function stamp(keys: Store.Key[], target: number) {
  const expire = (Key: Store.Key) =>
    target ? updateIfThere(Key, "SET expiresAt = :t", { ":t": target }) : updateIfThere(Key, "REMOVE expiresAt");
  // Drafts (an invitation's sits beside it; a device's is listed with its marker) only ever expire sooner.
  const sooner = (Key: Store.Key) =>
    target ? updateIfThere(Key, "SET expiresAt = :t", { ":t": target }, " AND (attribute_not_exists(expiresAt) OR expiresAt > :t)") : Promise.resolve();
  await inParallel(keys, async (k) => {
    if (k.sk === "DRAFT") return sooner(k);
    await expire(k);
    if (k.sk === "INV") await sooner({ pk: k.pk, sk: "DRAFT" });
  });
}

/** Writes to the RETENTION item as the pass holding the lease for `target`; false once that is no longer so. */
function progressAs(surveyId: string, runId: string, target: number, expression: string, values: Record<string, unknown> = {}, names?: Record<string, string>) {
  return Store.updateIf({
    Key: retentionKey(surveyId),
    UpdateExpression: expression,
    ConditionExpression: "runId = :run AND target = :target",
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: { ...values, ":run": runId, ":target": target },
  });
}

export const ApplyInput = z.object({ orgId: z.string(), surveyId: z.string(), budgetMs: z.number().int().min(1).optional() });

/**
 * Applies the survey's retention target to its items, or carries on doing so. `done: false` means "call
 * again" (the budget ran out, or another pass holds the lease: `running`).
 */
export const apply = fn(ApplyInput, async ({ orgId, surveyId, budgetMs }): Promise<Progress> => {
  Actor.assertOrg(orgId);
  const started = Date.now();
  await Survey.get({ orgId, id: surveyId });
  const state = (await Store.client().send(new GetCommand({ TableName: Store.table(), Key: retentionKey(surveyId), ConsistentRead: true }))).Item;
  if (!state || state.done) return { done: true, target: state ? Number(state.target) : undefined };
  const target = Number(state.target);
  const runId = randomUUID();
  const leased = await Store.updateIf({
    Key: retentionKey(surveyId),
    UpdateExpression: "SET runId = :run, leaseUntil = :until",
    ConditionExpression: "target = :target AND #d = :f AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
    ExpressionAttributeNames: { "#d": "done" },
    ExpressionAttributeValues: { ":run": runId, ":until": Date.now() + LEASE_MS, ":target": target, ":f": false, ":now": Date.now() },
  });
  if (!leased) return { done: false, target, running: true };
  let phase = Number(state.phase ?? 0);
  let start = typeof state.cursor === "string" ? (JSON.parse(state.cursor) as Record<string, unknown>) : undefined;
  while (phase < SOURCES.length) {
    const { keys, next } = await page(SOURCES[phase]!, surveyId, start, pageSize());
    await stamp(keys, target);
    if (next) start = next;
    else {
      phase++;
      start = undefined;
    }
    const saved = start
      ? await progressAs(surveyId, runId, target, "SET phase = :p, #c = :c, leaseUntil = :until", { ":p": phase, ":c": JSON.stringify(start), ":until": Date.now() + LEASE_MS }, { "#c": "cursor" })
      : await progressAs(surveyId, runId, target, "SET phase = :p, leaseUntil = :until REMOVE #c", { ":p": phase, ":until": Date.now() + LEASE_MS }, { "#c": "cursor" });
    // The target changed (a reopen or a new close) or the lease was lost: the pass for the new target does the work.
    if (!saved) return { done: false, target, running: true };
    if (phase < SOURCES.length && budgetMs && Date.now() - started > budgetMs) {
      await progressAs(surveyId, runId, target, "REMOVE runId, leaseUntil");
      return { done: false, target };
    }
  }
  await progressAs(surveyId, runId, target, "SET #d = :t, finishedAt = :iso REMOVE runId, leaseUntil, gsi1pk, gsi1sk, phase, #c", { ":t": true, ":iso": Clock.iso() }, {
    "#d": "done",
    "#c": "cursor",
  });
  Log.info("retention.applied", { orgId, surveyId });
  return { done: true, target };
});

/**
 * The hourly job: closes open surveys whose close date has passed (so that their retention starts; the
 * close time is the job's run, within the hour of the date), then carries on every pass still owed.
 */
export async function sweep(budgetMs = 10 * 60_000) {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "retention.sweep_forbidden", "Not allowed.");
  const started = Date.now();
  let closed = 0;
  for (const survey of await Survey.listOpen()) {
    if (!survey.closesAt || Clock.now() < new Date(survey.closesAt)) continue;
    // A closed survey leaves the open index; the summary job must still send its final summary, so it
    // is put on that job's list first (never reviving a finished marker).
    await Store.client()
      .send(new PutCommand({ TableName: Store.table(), Item: { ...trackKey(survey.orgId, survey.id), type: "summary_track" }, ConditionExpression: "attribute_not_exists(pk)" }))
      .catch((err) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      });
    await Survey.transition({ orgId: survey.orgId, id: survey.id, to: "closed" }).then(
      () => closed++,
      (error: unknown) => Log.error("retention.close_failed", { orgId: survey.orgId, surveyId: survey.id, error }),
    );
  }
  let finished = 0;
  for (const owed of await Store.queryAll({ pk: "RETENTION", prefix: "", index: "gsi1" })) {
    const left = budgetMs - (Date.now() - started);
    if (left <= 0) break;
    const progress = await apply({ orgId: String(owed.orgId), surveyId: String(owed.surveyId), budgetMs: left }).catch((error: unknown) => {
      Log.error("retention.apply_failed", { orgId: String(owed.orgId), surveyId: String(owed.surveyId), error });
      return { done: false };
    });
    if (progress.done) finished++;
  }
  return { count: finished, closed };
}

// ---------- erasure ----------

export const EraseProgress = z.object({ done: z.boolean(), deleted: z.number().int() });
export type EraseProgress = z.infer<typeof EraseProgress>;

async function deleteAll(keys: Store.Key[]) {
  const T = Store.table();
  const chunks: Store.Key[][] = [];
  for (let i = 0; i < keys.length; i += 25) chunks.push(keys.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, chunks.length) }, async () => {
      while (next < chunks.length) {
        let pending = chunks[next++]!.map((Key) => ({ DeleteRequest: { Key: { pk: Key.pk, sk: Key.sk } } }));
        for (let attempt = 0; pending.length; attempt++) {
          const res = await Store.client().send(new BatchWriteCommand({ RequestItems: { [T]: pending } }));
          pending = (res.UnprocessedItems?.[T] ?? []) as typeof pending;
          if (pending.length) await new Promise((r) => setTimeout(r, Math.min(2000, 25 * 2 ** attempt)));
        }
      }
    }),
  );
}

/** Every item to delete in one page of a source; invitations bring their drafts. */
async function erasePage(source: Source, surveyId: string) {
  const { keys, next } = await page(source, surveyId, undefined, pageSize());
  const all = keys.flatMap((k) => (k.sk === "INV" ? [k, { pk: k.pk, sk: "DRAFT" }] : [k]));
  await deleteAll(all);
  return { deleted: keys.length, more: Boolean(next) };
}

const ERASE_SOURCES: Source[] = [
  { index: "gsi1", pk: (s) => `SURVEY#${s}#INV` },
  { index: "gsi1", pk: (s) => `SURVEY#${s}#PUB` },
  // The survey's own partition last among the children: it holds the RETENTION and LAUNCH state.
  { pk: (s) => `SURVEY#${s}` },
];

/** How long after an erase starts a late answer can still arrive: the survey cache plus a form request. */
const settleMs = () => Number(process.env.ERASE_SETTLE_MS ?? Number(process.env.SURVEY_CACHE_MS ?? 5000) + 10_000);

export const EraseInput = z.object({ orgId: z.string(), surveyId: z.string(), budgetMs: z.number().int().min(1).optional() });

/**
 * Erases everything of a survey (see the top of this file). `done: false` means "call again"; once done
 * the survey is gone, and a further call is a not_found that changes nothing.
 */
export const eraseSurvey = fn(EraseInput, async ({ orgId, surveyId, budgetMs }): Promise<EraseProgress> => {
  Actor.assertOrg(orgId);
  const started = Date.now();
  const survey = await Survey.get({ orgId, id: surveyId });
  const launch = await Store.get({ pk: `SURVEY#${surveyId}`, sk: "LAUNCH" });
  if (launch && Number(launch.leaseUntil ?? 0) > Date.now())
    throw new VisibleError("conflict", "survey.launching", "This survey is being launched. Erase it when the launch has stopped.");
  // When the erase began: the survey's updatedAt, which nothing but the erase changes once it is set.
  let since = survey.updatedAt;
  if (!survey.erasing) {
    // Closed and out of the open index: no new answers, launch, reminder or summary starts from now on.
    since = Clock.iso();
    await Store.patch(surveyKey(orgId, surveyId), { erasing: true, status: "closed", updatedAt: since }, { code: "survey.not_found", message: "Survey not found." });
    await Store.client().send(new UpdateCommand({ TableName: Store.table(), Key: surveyKey(orgId, surveyId), UpdateExpression: "REMOVE gsi1pk, gsi1sk", ConditionExpression: "attribute_exists(pk)" }));
    // The public link stops resolving at once (form processes keep a slug for SURVEY_CACHE_MS at most).
    if (survey.slug) await deleteAll([slugKey(survey.slug)]);
    Survey.forget(orgId, surveyId);
  }
  let deleted = 0;
  for (;;) {
    // A whole pass over every source; the survey goes only after a pass that found nothing left (an
    // index that lagged behind a write shows it on the next pass).
    let found = 0;
    for (const source of ERASE_SOURCES) {
      for (;;) {
        const { deleted: n, more } = await erasePage(source, surveyId);
        found += n;
        if (!more) break;
        if (budgetMs && Date.now() - started > budgetMs) return { done: false, deleted: deleted + found };
      }
    }
    deleted += found;
    if (found === 0) break;
    if (budgetMs && Date.now() - started > budgetMs) return { done: false, deleted };
  }
  // Other processes may still hold the survey as open in their cache (up to SURVEY_CACHE_MS) and be in
  // the middle of a submit (up to the form's 10 s timeout): an answer they store lands after this pass.
  // So the survey (and with it the ability to call again) goes only once a clean pass ran after that
  // window; until then the caller is told to come back, and the next pass removes any late answer.
  if (Clock.now().getTime() - Date.parse(since) < settleMs()) return { done: false, deleted };
  await deleteAll([trackKey(orgId, surveyId), ...(survey.slug ? [slugKey(survey.slug)] : []), surveyKey(orgId, surveyId)]);
  Survey.forget(orgId, surveyId);
  Log.info("survey.erased", { orgId, surveyId, count: deleted });
  return { done: true, deleted };
});
