// Responses: one family's answers to one launched survey version.
//
// Privacy (DESIGN §3 rule 3): in anonymous mode a response stores no contact id, no token, no IP, no
// user agent and no time finer than the day, and its id is random; the invitation only learns that it
// was answered. In confidential mode the response also keeps the contact and invitation ids for
// follow-up by coordinators (never partners).
//
// Exactly once: the response, the invitation's "answered" mark and the draft's deletion are one
// transaction whose condition is "not answered yet", so a double submit or a replay stores nothing.
export * as Response from "./index";

import * as z from "zod/mini";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import * as Invitation from "../invitation";
import { Store } from "../store";
import * as Survey from "../survey";
import { fn, randomId } from "../util";
import { key, unfolded } from "./response.dynamo";
import { messages, validate, type FieldError } from "./validate";

export { validate, visibleQuestions, holds, errorCodes, messages } from "./validate";
export type { Answer, Answers, FieldError, ErrorCode } from "./validate";

const AnswerValue = z.union([z.string(), z.number(), z.array(z.string())]);

export const Info = z.object({
  id: z.string(),
  orgId: z.string(),
  surveyId: z.string(),
  version: z.int(),
  answers: z.record(z.string(), AnswerValue),
  /** Only the dimensions the survey declares (DESIGN §3 rule 4). */
  dimensions: z.record(z.string(), z.string()),
  /** YYYY-MM-DD: the finest time any response carries. */
  submittedOn: z.iso.date(),
  anonymity: Survey.Anonymity,
  /** Confidential mode only. */
  contactId: z.optional(z.string()),
  invitationId: z.optional(z.string()),
  expiresAt: z.optional(z.int()),
});
export type Info = z.infer<typeof Info>;

/** One input error carrying every field's error, so a form can show them all at once. */
export function invalid(errors: FieldError[]) {
  const first = errors[0]!;
  return new VisibleError("input", first.code, messages[first.code], { errors });
}

/** Copies the declared reporting dimensions from what the invitation knows. */
export function dimensionsFor(survey: Survey.Info, known: Record<string, string | undefined>) {
  const out: Record<string, string> = {};
  for (const d of survey.dimensions) {
    const v = known[d];
    if (v) out[d] = v;
  }
  return out;
}

/**
 * Builds the item to store. Everything a response may hold is decided here, in one place, so the
 * anonymity rule is enforced by construction rather than by each caller remembering it.
 */
export function build(survey: Survey.Info, version: number, answers: Info["answers"], dims: Record<string, string>, link?: { contactId: string; invitationId: string }): Info {
  const base: Info = {
    id: randomId("res"),
    orgId: survey.orgId,
    surveyId: survey.id,
    version,
    answers,
    dimensions: dims,
    submittedOn: Clock.day(),
    anonymity: survey.anonymity,
  };
  return survey.anonymity === "confidential" && link ? { ...base, ...link } : base;
}

export const item = (r: Info) => ({ ...key(r.surveyId, r.id), ...unfolded(r.surveyId, r.id), type: "response", ...r });

export const SubmitInput = z.object({ token: z.string().check(z.maxLength(100)), answers: z.record(z.string().check(z.maxLength(100)), z.unknown()) });

type Opened = { token: string; invitation: Invitation.Info; survey: NonNullable<Awaited<ReturnType<typeof Survey.forFamily>>> };

/**
 * Stores a response for a link whose invitation and survey the caller has already read (the form
 * reads them to render the page, so it does not read them twice). The reads may be stale; the
 * transaction's condition on the invitation is what guarantees "at most once".
 */
export async function submitOpened({ token, invitation, survey: loaded }: Opened, answers: Record<string, unknown>) {
  if (invitation.answered) throw Invitation.alreadyAnswered();
  const state = Survey.availability(loaded.info);
  if (state !== "open") throw new VisibleError("conflict", `survey.${state}`, state === "closed" ? "This survey is closed." : "This survey is not open yet.");
  const checked = validate(loaded.content, answers);
  if (checked.errors.length) throw invalid(checked.errors);
  const dims = dimensionsFor(loaded.info, { ...invitation.dimensions, language: invitation.language, channel: invitation.channel });
  const response = build(loaded.info, loaded.version, checked.answers, dims, { contactId: invitation.contactId, invitationId: invitation.id });
  const T = Store.table();
  const invKey = Invitation.keyOf(token);
  await Store.transact(
    [
      { Put: { TableName: T, Item: item(response), ConditionExpression: "attribute_not_exists(pk)" } },
      {
        Update: {
          TableName: T,
          Key: invKey,
          UpdateExpression: "SET answered = :t",
          ConditionExpression: "attribute_exists(pk) AND answered = :f",
          ExpressionAttributeValues: { ":t": true, ":f": false },
        },
      },
      { Delete: { TableName: T, Key: Invitation.draftKeyOf(token) } },
    ],
    (index) => (index === 1 ? Invitation.alreadyAnswered() : new VisibleError("conflict", "response.exists", "This response already exists.")),
  );
  return response;
}

/**
 * Submits through a personal link. Throws not_found for any token that does not open a launched survey
 * (malformed, unknown or expired alike), conflict when already answered or the survey is not open,
 * and input with every field error when the answers do not fit the version.
 */
export const submit = /* @__PURE__ */ fn(SubmitInput, async ({ token, answers }) => {
  const invitation = await Invitation.byToken(token);
  const survey = invitation && (await Survey.forFamily(invitation.orgId, invitation.surveyId));
  if (!invitation || !survey) throw new VisibleError("not_found", "invitation.not_found", "This link is not valid.");
  return submitOpened({ token, invitation, survey }, answers);
});

/**
 * A survey's responses (coordinator exports; the summary job reads unfolded ones through its own index).
 * Responses are keyed by survey alone, so the organisation is checked through the survey: reading it
 * with the caller's organisation fails (as not found) for another organisation's survey.
 */
export const listBySurvey = /* @__PURE__ */ fn(z.object({ orgId: z.string(), surveyId: z.string() }), async ({ orgId, surveyId }) => {
  Actor.assertOrg(orgId);
  await Survey.get({ orgId, id: surveyId });
  const items = await Store.queryAll({ pk: `SURVEY#${surveyId}`, prefix: "RESP#" });
  return items.map((i) => Info.parse(Store.strip(i)));
});
