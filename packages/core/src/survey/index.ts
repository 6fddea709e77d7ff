// Surveys: versioned questionnaires with translations. Launching (draft → open) freezes the latest
// version; editing afterwards creates a new version, so every response matches the questions it
// answered. Status moves only draft → open → closed → open (reopen); nothing goes back to draft.
export * as Survey from "./index";

import * as z from "zod/mini";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import * as Organisation from "../organisation";
import { Store } from "../store";
import { createId, fn } from "../util";
import { Content, completeness } from "./content";
import { key, openIndex, retentionIndex, retentionKey, slugKey, versionKey } from "./survey.dynamo";

export { Content, Question, Option, Condition, completeness, questionTypes } from "./content";
export type { QuestionType } from "./content";

export const Status = z.enum(["draft", "open", "closed"]);
export type Status = z.infer<typeof Status>;

/** Legal status transitions. */
export const transitions: Record<Status, Status[]> = { draft: ["open"], open: ["closed"], closed: ["open"] };

/**
 * anonymous (default): nothing stored links a response to a person (DESIGN §3 rule 3).
 * confidential: the response keeps its contact for follow-up; coordinators see it, partners never do.
 */
export const Anonymity = z.enum(["anonymous", "confidential"]);
export const Dimension = z.enum(["site", "grade_band", "language", "channel"]);
export type Dimension = z.infer<typeof Dimension>;

const Slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{2,39}$/, "Use 3–40 lowercase letters, digits and dashes."));

// The settings' fields without defaults. Updates are built from these: in zod 4 `z.partial()` keeps a
// field's default, so a partial of `Settings` would quietly reset every setting an update leaves out
// (a confidential survey's anonymity, its dimensions, its partners).
const SettingsFields = z.object({
  anonymity: Anonymity,
  dimensions: z.array(Dimension).check(z.maxLength(4)),
  opensAt: z.optional(z.iso.datetime({ offset: true })),
  closesAt: z.optional(z.iso.datetime({ offset: true })),
  /** Raises k for this survey's summaries; never below the organisation floor. */
  privacyThreshold: z.optional(z.int().check(z.minimum(Organisation.MIN_PRIVACY_FLOOR), z.maximum(1000))),
  partnerIds: z.array(z.string()).check(z.maxLength(100)),
  reminders: z.object({ max: z.int().check(z.minimum(0), z.maximum(5)), everyDays: z.int().check(z.minimum(1), z.maximum(60)) }),
  /** Free-text questions whose (scrubbed) comments the coordinator chose to share with partners. */
  shareComments: z.array(z.string()).check(z.maxLength(50)),
});

export const Settings = z.extend(SettingsFields, {
  anonymity: z._default(SettingsFields.shape.anonymity, "anonymous"),
  dimensions: z._default(SettingsFields.shape.dimensions, []),
  partnerIds: z._default(SettingsFields.shape.partnerIds, []),
  reminders: z._default(SettingsFields.shape.reminders, { max: 2, everyDays: 3 }),
  shareComments: z._default(SettingsFields.shape.shareComments, []),
});

export const Info = z.extend(Settings, {
  id: z.string(),
  orgId: z.string(),
  slug: z.optional(Slug),
  status: Status,
  title: Content.shape.title,
  defaultLanguage: z.string(),
  /** The newest version (the one being edited, or the launched one if nothing changed since). */
  version: z.int().check(z.minimum(1)),
  /** The version families answer; set at launch. */
  launchedVersion: z.optional(z.int().check(z.minimum(1))),
  launchedAt: z.optional(z.string()),
  /** When the survey last closed; its responses expire `retentionDays` after it (DESIGN §3 rule 7). Gone while open. */
  closedAt: z.optional(z.string()),
  /** Set when a coordinator starts erasing the survey; nothing changes it after that but the erase. */
  erasing: z.optional(z.boolean()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Info = z.infer<typeof Info>;

export const Version = z.object({
  surveyId: z.string(),
  version: z.int().check(z.minimum(1)),
  content: Content,
  frozen: z.boolean(),
  createdAt: z.string(),
});
export type Version = z.infer<typeof Version>;

const NOT_FOUND = { code: "survey.not_found", message: "Survey not found." };
const notFound = () => new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
const toInfo = (item: Record<string, unknown>) => Info.parse(Store.strip(item));

export const CreateInput = z.extend(z.partial(Settings), {
  orgId: z.string(),
  content: Content,
  slug: z.optional(Slug),
  id: z.optional(z.string().check(z.regex(/^srv_[0-9A-Za-z]+$/))),
});

/** Creates a draft survey with its first version (and its public slug, if any) in one transaction. */
export const create = /* @__PURE__ */ fn(CreateInput, async ({ orgId, content, slug, id, ...settings }) => {
  Actor.assertOrg(orgId);
  await Organisation.assertThreshold(orgId, settings.privacyThreshold);
  const now = Clock.iso();
  const info: Info = {
    ...Settings.parse(settings),
    id: id ?? createId("srv"),
    orgId,
    slug,
    status: "draft",
    title: content.title,
    defaultLanguage: content.defaultLanguage,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const version: Version = { surveyId: info.id, version: 1, content, frozen: false, createdAt: now };
  const T = Store.table();
  await Store.transact(
    [
      { Put: { TableName: T, Item: { ...key(orgId, info.id), type: "survey", ...info }, ConditionExpression: "attribute_not_exists(pk)" } },
      { Put: { TableName: T, Item: { ...versionKey(info.id, 1), type: "survey_version", ...version }, ConditionExpression: "attribute_not_exists(pk)" } },
      ...(slug
        ? [{ Put: { TableName: T, Item: { ...slugKey(slug), type: "survey_slug", orgId, surveyId: info.id }, ConditionExpression: "attribute_not_exists(pk)" } }]
        : []),
    ],
    (i) =>
      i === 2
        ? new VisibleError("conflict", "survey.slug_taken", "This public link is already taken. Please choose another.")
        : new VisibleError("conflict", "survey.exists", "This survey already exists."),
  );
  return info;
});

const Ref = z.object({ orgId: z.string(), id: z.string() });

export const get = /* @__PURE__ */ fn(Ref, async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw notFound();
  return toInfo(item);
});

export const list = /* @__PURE__ */ fn(z.string(), async (orgId) => {
  Actor.assertOrg(orgId);
  return (await Store.queryAll({ pk: `ORG#${orgId}`, prefix: "SURVEY#" })).map(toInfo);
});

/** Every open survey across organisations, for the scheduled jobs (sparse index; eventually consistent). */
export async function listOpen() {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "survey.list_forbidden", "Not allowed.");
  const refs = await Store.queryAll({ pk: "OPEN", prefix: "", index: "gsi1" });
  return refs.map(toInfo);
}

// The family path is the hot path (every page view). What it reads is cached in the process:
// - launched versions are frozen, and slugs never change, so both are kept for the process's life;
// - a survey's status and dates change, so they are kept for SURVEY_CACHE_MS (default 5 s), and
//   forgotten at once when this process changes them. A survey closed elsewhere may take that long
//   to stop showing its form; submissions are still refused by the survey's own record soon after.
const CACHE_LIMIT = 500;
const frozen = new Map<string, Version>();
const slugs = new Map<string, { orgId: string; surveyId: string }>();
const infos = new Map<string, { info: Info; until: number }>();
const infoTtl = () => Number(process.env.SURVEY_CACHE_MS ?? 5000);

function remember<K, V>(map: Map<K, V>, k: K, v: V) {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as K);
  map.set(k, v);
}

/** Drops what this process cached about a survey (after it changed here). */
export function forget(orgId: string, id: string) {
  infos.delete(`${orgId}#${id}`);
}

async function loadVersion(surveyId: string, version: number) {
  const cached = frozen.get(`${surveyId}#${version}`);
  if (cached) return cached;
  const item = await Store.get(versionKey(surveyId, version));
  if (!item) throw new VisibleError("not_found", "survey.version_not_found", "Survey version not found.");
  const parsed = Version.parse(Store.strip(item));
  if (parsed.frozen) remember(frozen, `${surveyId}#${version}`, parsed);
  return parsed;
}

/** A version's content. Coordinators read any version of their surveys. */
export const getVersion = /* @__PURE__ */ fn(z.extend(Ref, { version: z.int().check(z.minimum(1)) }), async ({ orgId, id, version }) => {
  Actor.assertOrg(orgId);
  await get({ orgId, id });
  return loadVersion(id, version);
});

/**
 * What a family's link opens: the survey and the launched version's content. Only launched (frozen)
 * versions are ever shown to the public, so a draft's questions cannot be read through a link.
 */
export async function forFamily(orgId: string, id: string) {
  const k = `${orgId}#${id}`;
  let info = infos.get(k)?.until! > Date.now() ? infos.get(k)!.info : undefined;
  if (!info) {
    const item = await Store.get(key(orgId, id));
    if (!item) return undefined;
    info = toInfo(item);
    remember(infos, k, { info, until: Date.now() + infoTtl() });
  }
  if (!info.launchedVersion) return undefined;
  const version = await loadVersion(id, info.launchedVersion);
  return { info, content: version.content, version: version.version };
}

/** The survey behind a public link (`/p/:slug`), or undefined. */
export async function bySlug(slug: string) {
  if (!Slug.safeParse(slug).success) return undefined;
  let ref = slugs.get(slug);
  if (!ref) {
    const item = await Store.get(slugKey(slug));
    if (!item) return undefined;
    ref = { orgId: String(item.orgId), surveyId: String(item.surveyId) };
    remember(slugs, slug, ref);
  }
  return forFamily(ref.orgId, ref.surveyId);
}

/**
 * Saves content. If the newest version is frozen (launched), the change becomes a new version; the
 * launched one stays as it was, because responses point at it.
 */
export const saveContent = /* @__PURE__ */ fn(z.extend(Ref, { content: Content }), async ({ orgId, id, content }) => {
  forget(orgId, id);
  const info = await get({ orgId, id });
  const current = await loadVersion(id, info.version);
  const now = Clock.iso();
  const T = Store.table();
  if (!current.frozen) {
    await Store.transact(
      [
        { Put: { TableName: T, Item: { ...versionKey(id, info.version), type: "survey_version", ...current, content }, ConditionExpression: "attribute_exists(pk) AND frozen = :f", ExpressionAttributeValues: { ":f": false } } },
        { Update: { TableName: T, Key: key(orgId, id), UpdateExpression: "SET title = :t, defaultLanguage = :d, updatedAt = :u", ConditionExpression: "version = :v", ExpressionAttributeValues: { ":t": content.title, ":d": content.defaultLanguage, ":u": now, ":v": info.version } } },
      ],
      () => new VisibleError("conflict", "survey.changed", "The survey changed while you were editing it. Please reload."),
    );
    return { ...info, title: content.title, defaultLanguage: content.defaultLanguage, updatedAt: now };
  }
  const next = info.version + 1;
  await Store.transact(
    [
      { Put: { TableName: T, Item: { ...versionKey(id, next), type: "survey_version", surveyId: id, version: next, content, frozen: false, createdAt: now }, ConditionExpression: "attribute_not_exists(pk)" } },
      { Update: { TableName: T, Key: key(orgId, id), UpdateExpression: "SET version = :n, title = :t, defaultLanguage = :d, updatedAt = :u", ConditionExpression: "version = :v", ExpressionAttributeValues: { ":n": next, ":t": content.title, ":d": content.defaultLanguage, ":u": now, ":v": info.version } } },
    ],
    () => new VisibleError("conflict", "survey.changed", "The survey changed while you were editing it. Please reload."),
  );
  return { ...info, version: next, title: content.title, defaultLanguage: content.defaultLanguage, updatedAt: now };
});

export const UpdateSettings = z.extend(z.partial(SettingsFields), Ref.shape);

/** Settings. The anonymity mode is fixed once a survey has been launched: families answered under it. */
export const updateSettings = /* @__PURE__ */ fn(UpdateSettings, async ({ orgId, id, ...changes }) => {
  forget(orgId, id);
  const info = await get({ orgId, id });
  await Organisation.assertThreshold(orgId, changes.privacyThreshold);
  const locked = { code: "survey.anonymity_locked", message: "The anonymity mode cannot change after launch: families answered under the promise it made." };
  const changesAnonymity = changes.anonymity !== undefined && changes.anonymity !== info.anonymity;
  if (changesAnonymity && info.launchedVersion) throw new VisibleError("conflict", locked.code, locked.message);
  // The check above read the survey before this write; a launch in between must still win, so the
  // write itself also requires "never launched" whenever it changes the mode.
  const item = await Store.patch(
    key(orgId, id),
    { ...changes, updatedAt: Clock.iso() },
    NOT_FOUND,
    changesAnonymity ? { condition: "attribute_not_exists(launchedVersion)", conflict: locked } : {},
  );
  return toInfo(item);
});

/** Problems that prevent launching, as a list so the console can show all of them at once. */
export function launchProblems(info: Info, content: Content, now = Clock.now()) {
  const problems: { code: string; message: string }[] = [];
  if (content.questions.length === 0) problems.push({ code: "survey.no_questions", message: "Add at least one question." });
  if (info.closesAt && new Date(info.closesAt) <= now) problems.push({ code: "survey.close_date_past", message: "The close date is in the past." });
  if (info.opensAt && info.closesAt && info.opensAt >= info.closesAt) problems.push({ code: "survey.dates_reversed", message: "The survey must close after it opens." });
  return problems;
}

/**
 * Moves the survey to `to` if the transition is legal. Opening freezes the newest version and makes it
 * the one families answer; the status is checked in the write's condition so two clicks cannot race.
 */
export const transition = /* @__PURE__ */ fn(z.extend(Ref, { to: Status }), async ({ orgId, id, to }): Promise<Info> => {
  forget(orgId, id);
  const info = await get({ orgId, id });
  if (info.erasing) throw new VisibleError("conflict", "survey.erasing", "This survey is being erased.");
  if (!transitions[info.status].includes(to))
    throw new VisibleError("conflict", "survey.illegal_transition", `A ${info.status} survey cannot become ${to}.`, { from: info.status, to });
  const now = Clock.iso();
  const T = Store.table();
  const onRace = () => new VisibleError("conflict", "survey.changed", "The survey changed at the same time. Please reload.");
  if (to === "open") {
    const version = await loadVersion(id, info.version);
    const problems = launchProblems(info, version.content);
    if (problems.length) throw new VisibleError("conflict", problems[0]!.code, problems[0]!.message, { problems });
    const open = openIndex(orgId, id);
    await Store.transact(
      [
        // attribute_exists: an Update on a missing key would create a half version item instead of failing.
        { Update: { TableName: T, Key: versionKey(id, info.version), UpdateExpression: "SET frozen = :t", ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: { ":t": true } } },
        {
          Update: {
            TableName: T,
            Key: key(orgId, id),
            UpdateExpression: "SET #s = :to, launchedVersion = :v, launchedAt = if_not_exists(launchedAt, :now), updatedAt = :now, gsi1pk = :g1, gsi1sk = :g2 REMOVE closedAt",
            // updatedAt as well as status: the launch problems above were checked against the content and
            // dates read before this write. A save in between (say, removing every question) changes
            // updatedAt without changing the version number, and must not be frozen unchecked.
            ConditionExpression: "#s = :from AND version = :v AND updatedAt = :read AND attribute_not_exists(erasing)",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":to": to, ":from": info.status, ":v": info.version, ":now": now, ":read": info.updatedAt, ":g1": open.gsi1pk, ":g2": open.gsi1sk },
          },
        },
        // Reopening takes the expiry off again (a draft survey never had one).
        ...(info.status === "closed" ? [retentionTarget(orgId, id, 0, now)] : []),
      ],
      onRace,
    );
    const { closedAt: _, ...rest } = info;
    return { ...rest, status: to, launchedVersion: info.version, launchedAt: info.launchedAt ?? now, updatedAt: now };
  }
  // Closing: responses, invitations and drafts are to expire retentionDays from now (DESIGN §3 rule 7).
  const org = await Organisation.get(orgId);
  const target = Clock.epochSeconds(new Date(now)) + org.retentionDays * 86_400;
  await Store.transact(
    [
      {
        Update: {
          TableName: T,
          Key: key(orgId, id),
          UpdateExpression: "SET #s = :to, updatedAt = :now, closedAt = :now REMOVE gsi1pk, gsi1sk",
          ConditionExpression: "#s = :from AND attribute_not_exists(erasing)",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":to": to, ":from": info.status, ":now": now },
        },
      },
      retentionTarget(orgId, id, target, now),
    ],
    onRace,
  );
  return { ...info, status: to, updatedAt: now, closedAt: now };
});

/**
 * The expiry a survey's items should carry (epoch seconds; 0 for none), written in the same transaction
 * as the status change so the two cannot disagree. Changing the target restarts the pass that applies
 * it (the cursor goes), and a pass still running for the old target stops at its next page, because its
 * progress is conditional on the target it started with (retention/index.ts). The lease is kept: the
 * new pass starts when the old one has let go or its lease has run out, so the two never interleave.
 */
function retentionTarget(orgId: string, id: string, target: number, now: string): Store.TransactItem {
  const index = retentionIndex(orgId, id);
  return {
    Update: {
      TableName: Store.table(),
      Key: retentionKey(id),
      UpdateExpression: "SET #t = :type, orgId = :o, surveyId = :s, target = :target, #d = :f, updatedAt = :now, gsi1pk = :g1, gsi1sk = :g2 REMOVE phase, #c",
      ExpressionAttributeNames: { "#t": "type", "#d": "done", "#c": "cursor" },
      ExpressionAttributeValues: { ":type": "survey_retention", ":o": orgId, ":s": id, ":target": target, ":f": false, ":now": now, ":g1": index.gsi1pk, ":g2": index.gsi1sk },
    },
  };
}

/** Whether families can answer right now, and if not, why (for the form's status pages). */
export function availability(info: Info, now = Clock.now()): "open" | "not_yet_open" | "closed" {
  if (info.status === "draft" || (info.opensAt && now < new Date(info.opensAt))) return info.status === "closed" ? "closed" : "not_yet_open";
  if (info.status === "closed" || (info.closesAt && now >= new Date(info.closesAt))) return "closed";
  return "open";
}

/**
 * Everything the console shows before launch, in one list: the problems that block launching
 * (`launchProblems`), plus each offered language whose translation is incomplete. A missing translation
 * falls back to the default language (DESIGN §5), so the coordinator may accept that; it is reported
 * with `acceptable: true` and blocks only when not accepted. Reachable contacts are the launch's
 * business (it knows the contact list); this looks at the survey alone.
 */
export const readiness = /* @__PURE__ */ fn(z.extend(Ref, { acceptFallback: z._default(z.boolean(), false) }), async ({ orgId, id, acceptFallback }) => {
  const info = await get({ orgId, id });
  const version = await loadVersion(id, info.version);
  const content = version.content;
  const completenessByLanguage = Object.fromEntries(content.languages.map((l) => [l, completeness(content, l)]));
  const problems: { code: string; message: string; language?: string; acceptable?: boolean }[] = launchProblems(info, content);
  for (const lang of content.languages) {
    const pct = completenessByLanguage[lang]!;
    if (lang === content.defaultLanguage || pct === 100 || acceptFallback) continue;
    problems.push({
      code: "survey.translation_missing",
      language: lang,
      acceptable: true,
      message: `The ${lang} translation is ${pct}% complete. Families reading ${lang} would see the rest in ${content.defaultLanguage}.`,
    });
  }
  return { version: info.version, completeness: completenessByLanguage, problems };
});

/** What the console's builder opens with, and gets back after each save: the survey, its newest content, its readiness. */
export const detail = /* @__PURE__ */ fn(Ref, async ({ orgId, id }) => {
  const survey = await get({ orgId, id });
  const [version, ready] = await Promise.all([getVersion({ orgId, id, version: survey.version }), readiness({ orgId, id })]);
  return { survey, content: version.content, readiness: ready };
});
