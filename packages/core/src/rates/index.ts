// Response rates for the coordinator: how many families a survey reached, how many answered, over
// time and by reporting dimension (site, grade band, language, channel).
//
// Where each number comes from, and why:
// - By dimension: from the invitations alone. Each invitation knows its channel, language and the
//   dimensions copied from its contact, and whether it was answered (a mark with no time, DESIGN §3
//   rule 3). So "answered / reached" per site or language needs no response and links none to anyone.
// - Over time: from the responses' day (`submittedOn`, the finest time any response keeps). Invitations
//   record no answer time, by design, so the curve counts responses per day, public-link ones included.
// - "Reached" means the invitation went out (sent or delivered) or was answered; pending, queued,
//   failed, bounced and opted-out invitations are counted by status but are not in the denominator.
// These are the coordinator's own figures, with no suppression: partners never see them.
export * as Rates from "./index";

import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Invitation } from "../invitation";
import { Organisation } from "../organisation";
import { Partner } from "../partner";
import { Response } from "../response";
import { Store } from "../store";
import { Summary } from "../summary";
import { Survey } from "../survey";
import { fn } from "../util";

const REACHED: Invitation.Status[] = ["sent", "delivered"];
const reached = (i: Pick<Invitation.Info, "status" | "answered">) => i.answered || REACHED.includes(i.status);

/** Whole-number percentage with one decimal; 0 when nobody was reached. */
export const rate = (responded: number, invited: number) => (invited ? Math.round((1000 * responded) / invited) / 10 : 0);

export const Segment = z.object({ value: z.string(), invited: z.number().int(), responded: z.number().int(), rate: z.number() });
export type Segment = z.infer<typeof Segment>;

export const RateDimension = z.enum(["site", "grade_band", "language", "channel"]);
export type RateDimension = z.infer<typeof RateDimension>;

export const Headline = z.object({
  /** Invitations that went out (or were answered). */
  invited: z.number().int(),
  /** Invitations answered. */
  responded: z.number().int(),
  rate: z.number(),
  /** Every stored response, public-link ones included. */
  responses: z.number().int(),
});
export type Headline = z.infer<typeof Headline>;

export const Info = Headline.extend({
  surveyId: z.string(),
  statuses: z.record(z.string(), z.number().int()),
  overTime: z.array(z.object({ day: z.iso.date(), responses: z.number().int(), cumulative: z.number().int(), rate: z.number() })),
  byDimension: z.record(RateDimension, z.array(Segment)),
});
export type Info = z.infer<typeof Info>;

const Ref = z.object({ orgId: z.string(), surveyId: z.string() });

/** Counts items of a partition without transferring them (the survey list asks this for every survey). */
async function countOf(input: Omit<QueryCommandInput, "TableName" | "Select">) {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const res = await Store.client().send(new QueryCommand({ ...input, TableName: Store.table(), Select: "COUNT", ExclusiveStartKey: start }));
    total += res.Count ?? 0;
    start = res.LastEvaluatedKey;
  } while (start);
  return total;
}

/** The survey list's figures: three COUNT queries, no items read into memory. */
export const headline = fn(Ref, async ({ orgId, surveyId }): Promise<Headline> => {
  Actor.assertOrg(orgId);
  await Survey.get({ orgId, id: surveyId });
  const invitations = {
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :inv)",
  };
  const [invited, responded, responses] = await Promise.all([
    countOf({
      ...invitations,
      FilterExpression: "answered = :t OR #s IN (:sent, :delivered)",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":pk": `SURVEY#${surveyId}#INV`, ":inv": "INV#", ":t": true, ":sent": "sent", ":delivered": "delivered" },
    }),
    countOf({ ...invitations, FilterExpression: "answered = :t", ExpressionAttributeValues: { ":pk": `SURVEY#${surveyId}#INV`, ":inv": "INV#", ":t": true } }),
    countOf({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :r)", ExpressionAttributeValues: { ":pk": `SURVEY#${surveyId}`, ":r": "RESP#" } }),
  ]);
  return { invited, responded, rate: rate(responded, invited), responses };
});

/** The pure part: rates from invitations and response days (exported for unit tests). */
export function compute(surveyId: string, invitations: Pick<Invitation.Info, "status" | "answered" | "channel" | "language" | "dimensions">[], days: string[]): Info {
  const statuses: Record<string, number> = {};
  const segments: Record<RateDimension, Map<string, { invited: number; responded: number }>> = {
    site: new Map(),
    grade_band: new Map(),
    language: new Map(),
    channel: new Map(),
  };
  let invited = 0;
  let responded = 0;
  for (const inv of invitations) {
    statuses[inv.status] = (statuses[inv.status] ?? 0) + 1;
    if (!reached(inv)) continue;
    invited++;
    if (inv.answered) responded++;
    const values: Record<RateDimension, string | undefined> = {
      site: inv.dimensions.site,
      grade_band: inv.dimensions.grade_band,
      language: inv.language,
      channel: inv.channel,
    };
    for (const d of RateDimension.options) {
      const value = values[d];
      if (value === undefined) continue;
      const s = segments[d].get(value) ?? { invited: 0, responded: 0 };
      s.invited++;
      if (inv.answered) s.responded++;
      segments[d].set(value, s);
    }
  }
  const perDay = new Map<string, number>();
  for (const day of days) perDay.set(day, (perDay.get(day) ?? 0) + 1);
  let cumulative = 0;
  const overTime = [...perDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, responses]) => {
      cumulative += responses;
      return { day, responses, cumulative, rate: rate(cumulative, invited) };
    });
  const byDimension = Object.fromEntries(
    RateDimension.options.map((d) => [
      d,
      [...segments[d].entries()]
        .map(([value, s]) => ({ value, invited: s.invited, responded: s.responded, rate: rate(s.responded, s.invited) }))
        .sort((a, b) => b.invited - a.invited || (a.value < b.value ? -1 : 1)),
    ]),
  ) as Record<RateDimension, Segment[]>;
  return { surveyId, invited, responded, rate: rate(responded, invited), responses: days.length, statuses, overTime, byDimension };
}

/** The results screen's rates: every invitation of the survey (paged) and every response's day. */
export const forSurvey = fn(Ref, async ({ orgId, surveyId }) => {
  const invitations: Invitation.Info[] = [];
  let cursor: string | undefined;
  do {
    const page = await Invitation.list({ orgId, surveyId, limit: 1000, cursor });
    invitations.push(...page.invitations);
    cursor = page.cursor;
  } while (cursor);
  const responses = await Response.listBySurvey({ orgId, surveyId });
  return compute(surveyId, invitations, responses.map((r) => r.submittedOn));
});

export const NextSummary = z
  .object({
    /** The day it is due (YYYY-MM-DD, the organisation's time zone). */
    on: z.iso.date(),
    /** Whether that is the current period, still unsent: it goes at the job's next hourly run once k families have answered. */
    pending: z.boolean(),
    kind: z.enum(["weekly", "monthly", "final"]),
    partners: z.number().int(),
  })
  .nullable();
export type NextSummary = z.infer<typeof NextSummary>;

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * When partners next hear about a survey, by the summary job's own rules (Summary.periodFor): each
 * shared partner with an active agreement is due one summary per ISO week or calendar month while the
 * survey is open, and a final one after it closes. A period already sent to every address moves the
 * date to the next period's first day. Null when nothing is due any more.
 */
export function nextSummary(
  survey: Survey.Info,
  partners: Partner.Info[],
  org: Organisation.Info,
  sent: Pick<Summary.Delivery, "partnerId" | "period" | "to" | "status">[],
  now = Clock.now(),
): NextSummary {
  const today = Summary.localDay(now, org.timeZone);
  const due: { on: string; pending: boolean; kind: "weekly" | "monthly" | "final" }[] = [];
  for (const partner of partners) {
    const period = Summary.periodFor(survey, partner, org, now);
    if (!period) continue;
    const done = partner.contactEmails.every((to) => sent.some((d) => d.partnerId === partner.id && d.period === period.key && d.to.toLowerCase() === to.toLowerCase() && d.status === "sent"));
    if (!done) due.push({ on: today, pending: true, kind: period.kind });
    else if (period.kind === "weekly") due.push({ on: addDays(period.start!, 7), pending: false, kind: "weekly" });
    else if (period.kind === "monthly") {
      const [y, m] = period.start!.split("-").map(Number) as [number, number];
      due.push({ on: new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10), pending: false, kind: "monthly" });
    }
  }
  if (!due.length) return null;
  const first = due.reduce((a, b) => (b.on < a.on ? b : a));
  return { ...first, partners: due.filter((d) => d.on === first.on).length };
}

export const Overview = z.object({ survey: Survey.Info, rates: Headline, nextSummary: NextSummary });
export type Overview = z.infer<typeof Overview>;

/** The survey list: every survey of the organisation with its headline rates and next summary. */
export const list = fn(z.string(), async (orgId): Promise<Overview[]> => {
  const [surveys, partners, org] = await Promise.all([Survey.list(orgId), Partner.list(orgId), Organisation.get(orgId)]);
  return Promise.all(
    surveys
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
      .map(async (survey) => {
        const shared = partners.filter((p) => survey.partnerIds.includes(p.id));
        // Deliveries are read only where a summary can be due (a draft has none).
        const sent = shared.length && survey.status !== "draft" ? await Summary.deliveries({ orgId, surveyId: survey.id }) : [];
        return { survey, rates: await headline({ orgId, surveyId: survey.id }), nextSummary: nextSummary(survey, shared, org, sent) };
      }),
  );
});
