// Results of a survey for its coordinator: per-question counts (overall and per reporting segment),
// the raw responses as a table, the same table as CSV, and "what partners will see".
//
// The coordinator's view is the full one, without suppression: it is their own organisation's data.
// It still holds no contact details in anonymous mode, because responses hold none (DESIGN §3 rule 3);
// in confidential mode each row carries its contact's id and name, for follow-up, and nothing else.
// "What partners will see" runs the very same suppression the partner summaries use
// (summary/suppress.ts) over the same tally arithmetic (tally/aggregate.ts), so the toggle cannot
// disagree with what partners are sent.
export * as Results from "./index";

import * as z from "zod";
import { Actor } from "../actor";
import { Contact } from "../contact";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Organisation } from "../organisation";
import { Partner } from "../partner";
import { Response } from "../response";
import { toCsv } from "../summary/csv";
import { Release, suppress } from "../summary/suppress";
import { Survey } from "../survey";
import { ANSWERED, SUM, count, distribution } from "../tally/aggregate";
import { fn } from "../util";

const Ref = z.object({ orgId: z.string(), surveyId: z.string(), version: z.number().int().min(1).optional() });

export const OptionCount = z.object({ key: z.string(), label: z.string(), count: z.number().int(), pct: z.number().int() });

export const QuestionResult = z.object({
  id: z.string(),
  type: z.string(),
  text: z.string(),
  /** Respondents who answered it. */
  answered: z.number().int(),
  /** Choice and scale questions: a row per option or point, with its share of those who answered. */
  options: z.array(OptionCount),
  /** Per declared dimension, per segment value: respondents and counts per option key. */
  segments: z.record(z.string(), z.array(z.object({ value: z.string(), respondents: z.number().int(), counts: z.record(z.string(), z.number().int()) }))),
  /** Ratings and numbers. */
  stats: z.object({ n: z.number().int(), mean: z.number().nullable(), median: z.number().nullable() }).optional(),
  /** Free-text answers (the coordinator's view only; partners get them only if opted in, scrubbed). */
  texts: z.array(z.string()).optional(),
});
export type QuestionResult = z.infer<typeof QuestionResult>;

export const Summary = z.object({
  surveyId: z.string(),
  version: z.number().int(),
  /** Versions that have responses or are launched, for the version picker. */
  versions: z.array(z.number().int()),
  language: z.string(),
  respondents: z.number().int(),
  complete: z.number().int(),
  dimensions: z.array(z.string()),
  questions: z.array(QuestionResult),
});
export type Summary = z.infer<typeof Summary>;

const pct = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);

/** The version results are shown for: the one asked for, else the launched one, else the newest. */
async function load({ orgId, surveyId, version }: z.infer<typeof Ref>) {
  const info = await Survey.get({ orgId, id: surveyId });
  const chosen = version ?? info.launchedVersion ?? info.version;
  const [v, all] = await Promise.all([Survey.getVersion({ orgId, id: surveyId, version: chosen }), Response.listBySurvey({ orgId, surveyId })]);
  const versions = [...new Set([...all.map((r) => r.version), ...(info.launchedVersion ? [info.launchedVersion] : [])])].sort((a, b) => a - b);
  return { info, content: v.content, version: chosen, versions, responses: all.filter((r) => r.version === chosen) };
}

/** Labels of a question's answer keys, in the survey's default language. */
function labels(q: Survey.Question, lang: string): { key: string; label: string }[] {
  const say = (t: Locale.Text | undefined) => (t ? Locale.pick(t, lang, lang).text : "");
  switch (q.type) {
    case "single_choice":
    case "multiple_choice":
      return q.options.map((o) => ({ key: o.id, label: say(o.text) }));
    case "likert":
      return q.labels.map((l, i) => ({ key: String(i + 1), label: say(l) }));
    case "rating":
      return Array.from({ length: 11 }, (_, i) => ({ key: String(i), label: String(i) }));
    default:
      return [];
  }
}

/** Per-question results, unsuppressed: the coordinator's full view. */
export const summary = fn(Ref, async (input): Promise<Summary> => {
  const { info, content, version, versions, responses } = await load(input);
  const lang = content.defaultLanguage;
  const data = count(content, info.dimensions, responses);
  const respondents = data.respondents[""] ?? 0;
  const questions = content.questions.map((q): QuestionResult => {
    const counts = data.questions[q.id] ?? {};
    const answered = counts[ANSWERED]?.[""] ?? 0;
    const keys = labels(q, lang);
    const segments = Object.fromEntries(
      info.dimensions.map((d) => {
        const prefix = `${d}=`;
        const values = Object.entries(data.respondents).filter(([key]) => key.startsWith(prefix));
        return [
          d,
          values
            .map(([key, n]) => ({ value: key.slice(prefix.length) || "(none)", respondents: n, counts: Object.fromEntries(keys.map((k) => [k.key, counts[k.key]?.[key] ?? 0])) }))
            .sort((a, b) => b.respondents - a.respondents),
        ];
      }),
    );
    const result: QuestionResult = {
      id: q.id,
      type: q.type,
      text: Locale.pick(q.text, lang, lang).text,
      answered,
      options: keys.map((k) => ({ ...k, count: counts[k.key]?.[""] ?? 0, pct: pct(counts[k.key]?.[""] ?? 0, answered) })),
      segments,
    };
    if (q.type === "rating" || q.type === "likert") {
      const d = distribution(Object.fromEntries(keys.map((k) => [k.key, counts[k.key]?.[""] ?? 0])));
      result.stats = { n: d.n, mean: d.mean === undefined ? null : Math.round(d.mean * 100) / 100, median: d.median ?? null };
    }
    if (q.type === "number") {
      const sum = counts[SUM]?.[""] ?? 0;
      const values = responses.map((r) => r.answers[q.id]).filter((v): v is number => typeof v === "number").sort((a, b) => a - b);
      const mid = values.length / 2;
      const median = values.length === 0 ? null : values.length % 2 ? values[Math.floor(mid)]! : (values[mid - 1]! + values[mid]!) / 2;
      result.stats = { n: answered, mean: answered ? Math.round((sum / answered) * 100) / 100 : null, median };
    }
    if (q.type === "short_text" || q.type === "long_text") {
      result.texts = responses.map((r) => r.answers[q.id]).filter((v): v is string => typeof v === "string" && v.length > 0);
    }
    return result;
  });
  return { surveyId: info.id, version, versions, language: lang, respondents, complete: data.complete[""] ?? 0, dimensions: info.dimensions, questions };
});

export const PartnerViewInput = Ref.extend({ partnerId: z.string().optional() });

export const PartnerView = z.object({
  k: z.number().int(),
  release: Release,
  /** Question texts and answer labels in the default language, to print the release. */
  questions: z.array(z.object({ id: z.string(), text: z.string(), labels: z.record(z.string(), z.string()) })),
});

/**
 * What partners will see: the suppressed release for k = the largest of the organisation's floor, the
 * survey's threshold and (when given) the partner's. Free text is never part of it.
 */
export const partnerView = fn(PartnerViewInput, async ({ partnerId, ...ref }) => {
  const { info, content, responses } = await load(ref);
  const org = await Organisation.get(ref.orgId);
  const partner = partnerId ? await Partner.get({ orgId: ref.orgId, id: partnerId }) : undefined;
  const k = Math.max(org.privacyFloor, info.privacyThreshold ?? 0, partner?.privacyThreshold ?? 0);
  const data = count(content, info.dimensions, responses);
  const release = suppress({ k, data, questions: content.questions, dimensions: info.dimensions });
  const lang = content.defaultLanguage;
  return {
    k,
    release,
    questions: content.questions.map((q) => ({
      id: q.id,
      text: Locale.pick(q.text, lang, lang).text,
      labels: Object.fromEntries([...labels(q, lang).map((l) => [l.key, l.label]), ["detractors", "0–6"], ["passives", "7–8"], ["promoters", "9–10"], ["_none", "No answer"]]),
    })),
  };
});

export const TableInput = Ref.extend({ limit: z.number().int().min(1).max(5000).default(500), offset: z.number().int().min(0).default(0) });

export const Table = z.object({
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
  total: z.number().int(),
  anonymity: Survey.Anonymity,
});
export type Table = z.infer<typeof Table>;

/**
 * The raw responses as rows of text: the day, the declared dimensions, each answer as its label.
 * Confidential surveys add the contact's id and name (the coordinator may follow up); anonymous ones
 * have nothing to add, because nothing was stored.
 */
async function table(input: z.infer<typeof Ref>) {
  const { info, content, responses } = await load(input);
  const lang = content.defaultLanguage;
  const confidential = info.anonymity === "confidential";
  const columns = [
    { key: "submittedOn", label: "Day" },
    ...info.dimensions.map((d) => ({ key: `dim.${d}`, label: d.replace("_", " ") })),
    ...(confidential ? [{ key: "contactId", label: "Contact id" }, { key: "contactName", label: "Contact name" }] : []),
    ...content.questions.map((q) => ({ key: `q.${q.id}`, label: Locale.pick(q.text, lang, lang).text })),
  ];
  const names = new Map<string, string>();
  if (confidential) {
    const ids = [...new Set(responses.map((r) => r.contactId).filter((id): id is string => Boolean(id)))];
    // An erased contact has no name any more; its responses keep only the id.
    await Promise.all(
      ids.map(async (id) => {
        const contact = await Contact.get({ orgId: info.orgId, id }).catch((err: unknown) => {
          if (err instanceof VisibleError && err.kind === "not_found") return undefined;
          throw err;
        });
        if (contact?.name) names.set(id, contact.name);
      }),
    );
  }
  const byId = new Map(content.questions.map((q) => [q.id, q]));
  const answerText = (qid: string, value: Response.Answer | undefined): string | number => {
    if (value === undefined) return "";
    const q = byId.get(qid)!;
    const label = (key: string) => labels(q, lang).find((l) => l.key === key)?.label ?? key;
    if (Array.isArray(value)) return value.map(label).join("; ");
    if (q.type === "single_choice" || q.type === "likert") return label(String(value));
    return value;
  };
  const rows = responses
    .sort((a, b) => (a.submittedOn < b.submittedOn ? -1 : a.submittedOn > b.submittedOn ? 1 : 0))
    .map((r) => {
      const row: Record<string, string | number> = { submittedOn: r.submittedOn };
      for (const d of info.dimensions) row[`dim.${d}`] = r.dimensions[d] ?? "";
      if (confidential) {
        row.contactId = r.contactId ?? "";
        row.contactName = (r.contactId && names.get(r.contactId)) || "";
      }
      for (const q of content.questions) row[`q.${q.id}`] = answerText(q.id, r.answers[q.id]);
      return row;
    });
  return { columns, rows, anonymity: info.anonymity };
}

export const rows = fn(TableInput, async ({ limit, offset, ...ref }): Promise<Table> => {
  const t = await table(ref);
  return { columns: t.columns, rows: t.rows.slice(offset, offset + limit), total: t.rows.length, anonymity: t.anonymity };
});

/** The raw table as CSV (formula-safe, with a byte order mark for Excel), for the coordinator only. */
export const csv = fn(Ref, async (ref) => {
  Actor.assertOrg(ref.orgId);
  const t = await table(ref);
  return toCsv([t.columns.map((c) => c.label), ...t.rows.map((r) => t.columns.map((c) => r[c.key]))]);
});
