// A survey version's content: questions in a default language plus translations. This is what a
// response is validated against, so it is frozen when the version is launched.
import * as z from "zod/mini";
import { Locale } from "../locale";

const QuestionId = z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, "Use lowercase letters, digits and _ (up to 40), starting with a letter."));
const OptionId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "Use lowercase letters, digits, - and _ (up to 40)."));

export const Option = z.object({ id: OptionId, text: Locale.Text });
export type Option = z.infer<typeof Option>;

/**
 * Show this question only when an earlier answer matches. Kept deliberately simple (one comparison)
 * so coordinators can reason about it and the server can evaluate it without a script.
 */
export const Condition = z.object({
  questionId: QuestionId,
  op: z.enum(["equals", "not_equals", "includes", "answered", "gte", "lte"]),
  value: z.optional(z.union([z.string(), z.number()])),
});
export type Condition = z.infer<typeof Condition>;

const base = {
  id: QuestionId,
  text: Locale.Text,
  help: z.optional(Locale.Text),
  required: z._default(z.boolean(), false),
  showIf: z.optional(Condition),
  /** 1-based page number; pages never go backwards through the list. */
  page: z._default(z.int().check(z.minimum(1), z.maximum(50)), 1),
};

export const SingleChoice = z.object({ ...base, type: z.literal("single_choice"), options: z.array(Option).check(z.minLength(2), z.maxLength(30)) });
export const MultipleChoice = z.object({
  ...base,
  type: z.literal("multiple_choice"),
  options: z.array(Option).check(z.minLength(2), z.maxLength(30)),
  maxChoices: z.optional(z.int().check(z.minimum(1), z.maximum(30))),
});
/** Five labelled points; the answer is 1–5. Labels are per point so every language can word them. */
export const Likert = z.object({ ...base, type: z.literal("likert"), labels: z.array(Locale.Text).check(z.length(5)) });
/** 0–10, with optional words for the two ends. */
export const Rating = z.object({
  ...base,
  type: z.literal("rating"),
  lowLabel: z.optional(Locale.Text),
  highLabel: z.optional(Locale.Text),
});
export const ShortText = z.object({ ...base, type: z.literal("short_text"), maxLength: z._default(z.int().check(z.minimum(1), z.maximum(500)), 200) });
export const LongText = z.object({ ...base, type: z.literal("long_text"), maxLength: z._default(z.int().check(z.minimum(1), z.maximum(5000)), 2000) });
export const NumberQ = z.object({
  ...base,
  type: z.literal("number"),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  integer: z._default(z.boolean(), true),
});

export const Question = z.discriminatedUnion("type", [SingleChoice, MultipleChoice, Likert, Rating, ShortText, LongText, NumberQ]);
export type Question = z.infer<typeof Question>;
export type QuestionType = Question["type"];
export const questionTypes = Question.def.options.map((o) => o.shape.type.def.values[0]) as QuestionType[];

export const Content = z
  .object({
    defaultLanguage: Locale.Tag,
    /** Every language the survey is offered in, including the default. */
    languages: z.array(Locale.Tag).check(z.minLength(1), z.maxLength(40)),
    title: Locale.Text,
    intro: z.optional(Locale.Text),
    questions: z.array(Question).check(z.maxLength(200)),
  })
  .check(
    z.superRefine((c, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
      if (!c.languages.includes(c.defaultLanguage)) issue(["languages"], "The default language must be one of the survey's languages.");
      if (!c.title[c.defaultLanguage]) issue(["title"], "The title needs the default language.");
      const seen = new Map<string, Question>();
      let page = 1;
      c.questions.forEach((q, i) => {
        if (seen.has(q.id)) issue(["questions", i, "id"], `Question id ${q.id} is used twice.`);
        if (!q.text[c.defaultLanguage]) issue(["questions", i, "text"], "Every question needs text in the default language.");
        if (q.page < page) issue(["questions", i, "page"], "Pages must not go backwards.");
        page = q.page;
        if ("options" in q) {
          const ids = new Set(q.options.map((o) => o.id));
          if (ids.size !== q.options.length) issue(["questions", i, "options"], "Option ids must be unique.");
          q.options.forEach((o, j) => {
            if (!o.text[c.defaultLanguage]) issue(["questions", i, "options", j, "text"], "Every option needs text in the default language.");
          });
        }
        if (q.type === "number" && q.min !== undefined && q.max !== undefined && q.min > q.max)
          issue(["questions", i, "max"], "The maximum must not be below the minimum.");
        if (q.showIf) {
          // Only earlier questions may be referenced: the form is answered top to bottom, and this rules out cycles.
          const target = seen.get(q.showIf.questionId);
          const { op, value } = q.showIf;
          const at = ["questions", i, "showIf", "value"];
          const numeric = target?.type === "likert" || target?.type === "rating" || target?.type === "number";
          if (!target) issue(["questions", i, "showIf", "questionId"], "A condition can only refer to an earlier question.");
          else if (op !== "answered" && value === undefined) issue(at, "This condition needs a value.");
          // A value of the wrong kind would make the condition silently never hold (answers are compared
          // strictly: the number 3, never the text "3"), hiding the question from every family.
          else if ((op === "gte" || op === "lte") && (!numeric || typeof value !== "number"))
            issue(at, "Greater-than and less-than conditions need a number and a likert, rating or number question.");
          else if (op !== "answered" && "options" in target && (typeof value !== "string" || !target.options.some((o) => o.id === value)))
            issue(at, "The condition refers to an option that question does not offer.");
          else if (op !== "answered" && numeric && typeof value !== "number") issue(at, "This condition needs a number.");
          else if (op !== "answered" && !numeric && !("options" in target) && typeof value !== "string") issue(at, "This condition needs text.");
        }
        seen.set(q.id, q);
      });
    }),
  );
export type Content = z.infer<typeof Content>;

/** Share of the survey's translatable strings present in `lang` (0–100), for the console. */
export function completeness(content: Content, lang: string) {
  const texts: (Locale.Text | undefined)[] = [content.title, content.intro];
  for (const q of content.questions) {
    texts.push(q.text, q.help);
    if ("options" in q) texts.push(...q.options.map((o) => o.text));
    if (q.type === "likert") texts.push(...q.labels);
    if (q.type === "rating") texts.push(q.lowLabel, q.highLabel);
  }
  const present = texts.filter((t): t is Locale.Text => t !== undefined);
  if (present.length === 0) return 100;
  return Math.floor((100 * present.filter((t) => t[lang] !== undefined).length) / present.length);
}
