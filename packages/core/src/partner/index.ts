// Partners: community organisations that receive anonymised summaries. Only partners whose
// data-sharing agreement is active (start and end dates, FERPA practice) receive anything, in their
// own language, at their own frequency. A partner may ask for a higher privacy threshold than the
// organisation's floor, never a lower one (checked where both are known: summaries).
export * as Partner from "./index";

import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Organisation } from "../organisation";
import { Store } from "../store";
import { createId, fn, inputError } from "../util";

// pk ORG#<orgId>, sk PARTNER#<id>: list an organisation's partners (the summary job reads them all).
export const key = (orgId: string, id: string) => ({ pk: `ORG#${orgId}`, sk: `PARTNER#${id}` });

const NOT_FOUND = { code: "partner.not_found", message: "Partner not found." };

export const Kind = z.enum(["business", "university", "nonprofit", "faith", "government", "other"]);
const Day = z.iso.date();

export const Fields = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string().trim().min(1).max(200),
  kind: Kind,
  contactEmails: z.array(z.email().max(254)).min(1).max(20),
  language: Locale.Tag,
  frequency: z.enum(["weekly", "monthly"]),
  /** Raises the cell threshold k for this partner's summaries; never lowers it below the org floor. */
  privacyThreshold: z.number().int().min(Organisation.MIN_PRIVACY_FLOOR).max(1000).optional(),
  agreement: z.object({ start: Day, end: Day }),
  createdAt: z.string(),
});
const agreementInOrder = <T extends { agreement: { start: string; end: string } }>(p: T) => p.agreement.start <= p.agreement.end;
const agreementMessage = { message: "The agreement must end after it starts.", path: ["agreement", "end"] };

export const Info = Fields.refine(agreementInOrder, agreementMessage);
export type Info = z.infer<typeof Info>;

/** The fields a coordinator gives, before the cross-field check (zod cannot pick from a refined object). */
export const CreateFields = Fields.omit({ id: true, createdAt: true }).extend({ frequency: Fields.shape.frequency.default("weekly") });
export const CreateInput = CreateFields.refine(agreementInOrder, agreementMessage);

export const create = fn(CreateInput, async (input) => {
  Actor.assertOrg(input.orgId);
  await Organisation.assertThreshold(input.orgId, input.privacyThreshold);
  const info = Info.parse({ ...input, id: createId("ptn"), createdAt: Clock.iso() });
  await Store.create({ ...key(info.orgId, info.id), type: "partner", ...info }, { code: "partner.exists", message: "This partner already exists." });
  return info;
});

export const get = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
  return Info.parse(Store.strip(item));
});

export const list = fn(z.string(), async (orgId) => {
  Actor.assertOrg(orgId);
  return (await Store.queryAll({ pk: `ORG#${orgId}`, prefix: "PARTNER#" })).map((i) => Info.parse(Store.strip(i)));
});

/** Whether the data-sharing agreement covers `day` (YYYY-MM-DD). */
export const isActive = (partner: Info, day: string) => partner.agreement.start <= day && day <= partner.agreement.end;

export const UpdateInput = Fields.pick({ name: true, kind: true, contactEmails: true, language: true, frequency: true, privacyThreshold: true, agreement: true })
  .partial()
  .extend({ orgId: z.string(), id: z.string() });

/** Edits a partner. The agreement's order is checked on the result, so either date can change alone. */
export const update = fn(UpdateInput, async ({ orgId, id, ...changes }) => {
  const current = await get({ orgId, id });
  const next = Info.safeParse({ ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) });
  if (!next.success) throw inputError(next.error);
  await Organisation.assertThreshold(orgId, changes.privacyThreshold);
  return Info.parse(Store.strip(await Store.patch(key(orgId, id), changes, NOT_FOUND)));
});

/**
 * Removes a partner and stops sharing every survey with it, so no summary can go to an organisation
 * the coordinator has let go. Summaries already sent are not recalled (they are in the partner's inbox).
 */
export const remove = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  await get({ orgId, id });
  await setShared({ orgId, id, surveyIds: [] });
  await Store.transact(
    [{ Delete: { TableName: Store.table(), Key: key(orgId, id), ConditionExpression: "attribute_exists(pk)" } }],
    () => new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message),
  );
});

/** A partner with the surveys shared with it (for the console). */
export const WithSurveys = z.intersection(Info, z.object({ surveyIds: z.array(z.string()) }));
export type WithSurveys = z.infer<typeof WithSurveys>;

/**
 * Every partner with the surveys shared with it. Sharing is recorded on each survey (`partnerIds`),
 * where the summary job reads it, so this reads the organisation's surveys once and inverts that.
 */
export const listWithSurveys = fn(z.string(), async (orgId): Promise<WithSurveys[]> => {
  const [partners, surveys] = await Promise.all([list(orgId), Store.queryAll({ pk: `ORG#${orgId}`, prefix: "SURVEY#" })]);
  const shared = (id: string) => surveys.filter((s) => Array.isArray(s.partnerIds) && s.partnerIds.includes(id)).map((s) => String(s.id));
  return partners.map((p) => ({ ...p, surveyIds: shared(p.id) }));
});

/**
 * Shares exactly these surveys with a partner: adds it to each listed survey's `partnerIds` and
 * removes it from the others. Each survey is one conditional update, so a concurrent change to a
 * survey's other partners is never overwritten (the list is read and written under an optimistic lock).
 */
export const setShared = fn(z.object({ orgId: z.string(), id: z.string(), surveyIds: z.array(z.string()).max(500) }), async ({ orgId, id, surveyIds }) => {
  const want = new Set(surveyIds);
  const surveys = await surveysOf(orgId, surveyIds);
  for (const survey of surveys) {
    const current: string[] = Array.isArray(survey.partnerIds) ? (survey.partnerIds as string[]) : [];
    const has = current.includes(id);
    if (has === want.has(String(survey.id))) continue;
    const next = has ? current.filter((p) => p !== id) : [...current, id];
    await Store.patch({ pk: String(survey.pk), sk: String(survey.sk) }, { partnerIds: next, updatedAt: Clock.iso() }, { code: "survey.not_found", message: "Survey not found." }, {
      condition: "updatedAt = :read",
      values: { ":read": survey.updatedAt },
      conflict: { code: "survey.changed", message: "A survey changed at the same time. Please try again." },
    });
  }
  return [...want];
});

const SurveyIds = z.array(z.string()).max(500);

/** The organisation's survey items, after checking that each of `surveyIds` is one of them. */
async function surveysOf(orgId: string, surveyIds: string[]) {
  Actor.assertOrg(orgId);
  const surveys = await Store.queryAll({ pk: `ORG#${orgId}`, prefix: "SURVEY#" });
  const known = new Set(surveys.map((s) => String(s.id)));
  if (surveyIds.some((s) => !known.has(s))) throw new VisibleError("not_found", "survey.not_found", "Survey not found.");
  return surveys;
}

/** Creates a partner and shares surveys with it (the console's form does both at once). */
export const createWithSurveys = fn(CreateFields.extend({ surveyIds: SurveyIds.default([]) }), async ({ surveyIds, ...input }): Promise<WithSurveys> => {
  // Checked first, so a wrong survey id creates no partner.
  await surveysOf(input.orgId, surveyIds);
  const partner = await create(input);
  return { ...partner, surveyIds: await setShared({ orgId: partner.orgId, id: partner.id, surveyIds }) };
});

export const getWithSurveys = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }): Promise<WithSurveys> => {
  const partner = await get({ orgId, id });
  return (await listWithSurveys(orgId)).find((p) => p.id === id) ?? { ...partner, surveyIds: [] };
});

/** Edits a partner and, when `surveyIds` is given, shares exactly those surveys with it. */
export const updateWithSurveys = fn(UpdateInput.extend({ surveyIds: SurveyIds.optional() }), async ({ surveyIds, ...changes }): Promise<WithSurveys> => {
  if (surveyIds) await surveysOf(changes.orgId, surveyIds);
  await update(changes);
  if (surveyIds) await setShared({ orgId: changes.orgId, id: changes.id, surveyIds });
  return getWithSurveys({ orgId: changes.orgId, id: changes.id });
});
