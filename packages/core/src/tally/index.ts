// Tallies: the mergeable aggregate of a survey version's responses, per question, answer and reporting
// segment (aggregate.ts), kept up to date incrementally by the summary job.
//
// Incremental and exact. A new response carries gsi2pk UNFOLDED#<surveyId>: a sparse index of the
// responses not yet counted. `fold` reads only that index and, for each batch, writes the tally and
// removes the batch's index keys in ONE transaction, so "counted" and "no longer unfolded" can never
// disagree, whatever crashes. Two guards make retries and overlapping runs safe:
// - the tally is written on condition that its `rev` is the one this run read (optimistic lock), so two
//   runs can never both add to the same starting point;
// - each response's index keys are removed on condition that they still exist, so a response that
//   another run already counted (the index is eventually consistent and may still list it) fails the
//   transaction instead of being counted twice. The run then drops it and tries again.
// Nothing here needs a timestamp, which anonymous responses do not have (DESIGN §3 rule 3).
export * as Tally from "./index";

import { gunzipSync, gzipSync } from "node:zlib";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Invitation } from "../invitation";
import { Log } from "../log";
import { Response } from "../response";
import { key as responseKey } from "../response/response.dynamo";
import { Store } from "../store";
import { Survey } from "../survey";
import { fn } from "../util";
import { add, count, Data, empty, merge } from "./aggregate";
import { key, prefix, unfoldedPartition } from "./tally.dynamo";

export { ANSWERED, SUM, Counts, Data, add, count, distribution, empty, merge, segmentKey, segmentsOf } from "./aggregate";
export type { Counted } from "./aggregate";

export const Info = z.object({
  surveyId: z.string(),
  version: z.number().int().min(1),
  /** Optimistic lock: incremented by every write. */
  rev: z.number().int().min(0),
  data: Data,
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

/** Responses per fold transaction: DynamoDB allows 100 items, one of which is the tally. */
export const MAX_BATCH = 99;

const encode = (data: Data) => gzipSync(JSON.stringify(data));
const decode = (bytes: Uint8Array) => Data.parse(JSON.parse(gunzipSync(bytes).toString("utf8")));

function toInfo(item: Record<string, unknown>): Info {
  return Info.parse({ surveyId: item.surveyId, version: item.version, rev: item.rev, data: decode(item.data as Uint8Array), updatedAt: item.updatedAt });
}

const Ref = z.object({ orgId: z.string(), surveyId: z.string() });

/** Every version's tally of a survey (after checking the survey is the caller's organisation's). */
export const list = fn(Ref, async ({ orgId, surveyId }) => {
  Actor.assertOrg(orgId);
  await Survey.get({ orgId, id: surveyId });
  const items = await Store.queryAll({ pk: `SURVEY#${surveyId}`, prefix });
  return items.map(toInfo);
});

async function read(surveyId: string, version: number) {
  const item = await Store.get(key(surveyId, version), { consistent: true });
  return item ? toInfo(item) : undefined;
}

type Pending = Response.Info;

/**
 * Counts one batch (one version) into its tally, exactly once. Returns how many of the batch this call
 * counted (the others had been counted by another run meanwhile).
 */
async function foldBatch(survey: Survey.Info, content: Survey.Content, version: number, batch: Pending[]) {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= 20) throw new Error(`Tally of ${survey.id} v${version} kept changing under the fold; giving up this run`);
    const current = await read(survey.id, version);
    const rev = current?.rev ?? 0;
    const data = merge(current?.data ?? empty(), count(content, survey.dimensions, pending));
    const T = Store.table();
    try {
      await Store.client().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T,
                Item: { ...key(survey.id, version), type: "tally", surveyId: survey.id, version, rev: rev + 1, respondents: data.respondents[""] ?? 0, data: encode(data), updatedAt: Clock.iso() },
                ...(current
                  ? { ConditionExpression: "rev = :rev", ExpressionAttributeValues: { ":rev": rev } }
                  : { ConditionExpression: "attribute_not_exists(pk)" }),
              },
            },
            ...pending.map((r) => ({
              Update: {
                TableName: T,
                Key: responseKey(survey.id, r.id),
                UpdateExpression: "REMOVE gsi2pk, gsi2sk",
                ConditionExpression: "attribute_exists(gsi2pk)",
              },
            })),
          ],
        }),
      );
      return pending.length;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      // Responses another run counted first: drop them. A changed tally (reason 0) or a conflicting
      // transaction just means "read again and retry".
      const counted = new Set(reasons.flatMap((r, i) => (i > 0 && r.Code === "ConditionalCheckFailed" ? [pending[i - 1]!.id] : [])));
      pending = pending.filter((r) => !counted.has(r.id));
      const known = reasons.every((r) => !r.Code || r.Code === "None" || r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict");
      if (!known) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * Math.min(attempt + 1, 5)));
    }
  }
  return 0;
}

/**
 * Folds every response not yet counted into its version's tally. Costs in proportion to the new
 * responses: it reads only the sparse UNFOLDED index. The index is paged forward once per run, so a run
 * ends even while families keep answering; what arrives meanwhile is counted by the next run.
 */
export const fold = fn(Ref.extend({ batchSize: z.number().int().min(1).max(MAX_BATCH).default(MAX_BATCH) }), async ({ orgId, surveyId, batchSize }) => {
  Actor.assertOrg(orgId);
  const survey = await Survey.get({ orgId, id: surveyId });
  const contents = new Map<number, Survey.Content>();
  const contentOf = async (version: number) => {
    let c = contents.get(version);
    if (!c) {
      c = (await Survey.getVersion({ orgId, id: surveyId, version })).content;
      contents.set(version, c);
    }
    return c;
  };
  let start: Record<string, unknown> | undefined;
  let folded = 0;
  let seen = 0;
  do {
    const page = await Store.client().send(
      new QueryCommand({
        TableName: Store.table(),
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :p",
        ExpressionAttributeValues: { ":p": unfoldedPartition(surveyId) },
        Limit: batchSize,
        ExclusiveStartKey: start,
      }),
    );
    const responses = (page.Items ?? []).map((i) => Response.Info.parse(Store.strip(i)));
    seen += responses.length;
    for (const [version, batch] of group(responses)) folded += await foldBatch(survey, await contentOf(version), version, batch);
    start = page.LastEvaluatedKey;
  } while (start);
  if (folded) Log.info("tally.folded", { orgId, surveyId, count: folded, nSeen: seen });
  return { folded, seen };
});

function group(responses: Pending[]) {
  const out = new Map<number, Pending[]>();
  for (const r of responses) {
    const batch = out.get(r.version);
    if (batch) batch.push(r);
    else out.set(r.version, [r]);
  }
  return out;
}

/**
 * A full recount from every stored response, per version, without writing anything: what the tallies
 * must equal once every response is folded. For tests and for checking a tally after an incident.
 */
export const recount = fn(Ref, async ({ orgId, surveyId }) => {
  const survey = await Survey.get({ orgId, id: surveyId });
  const responses = await Response.listBySurvey({ orgId, surveyId });
  const out = new Map<number, Data>();
  for (const [version, batch] of group(responses)) {
    const { content } = await Survey.getVersion({ orgId, id: surveyId, version });
    out.set(version, count(content, survey.dimensions, batch));
  }
  return out;
});

/**
 * Invitations created, reached (the message went out, or it was answered) and answered, for the response
 * rate. Read from the survey's invitations (gsi1), whose `answered` mark carries no time, so the rate
 * needs nothing anonymous responses do not have. "Reached" is the denominator, as in the coordinator's
 * rates: a family whose invitation has not gone out yet (or bounced) was not really asked.
 */
export const invitations = fn(Ref, async ({ orgId, surveyId }) => {
  Actor.assertOrg(orgId);
  let invited = 0;
  let reached = 0;
  let answered = 0;
  let cursor: string | undefined;
  do {
    const page = await Invitation.list({ orgId, surveyId, limit: 1000, cursor });
    invited += page.invitations.length;
    reached += page.invitations.filter((i) => i.answered || i.status === "sent" || i.status === "delivered").length;
    answered += page.invitations.filter((i) => i.answered).length;
    cursor = page.cursor;
  } while (cursor);
  return { invited, reached, answered };
});
