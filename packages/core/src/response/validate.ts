// Validation of a family's answers against the survey version they answer. Pure, so the form can show
// every error next to its field in the family's language (each error has its own code), and so the
// same rules run on page saves, on submit, and in tests.
import type { Condition, Content, Question } from "../survey/content";

export type Answer = string | number | string[];
export type Answers = Record<string, Answer>;

export const errorCodes = [
  "response.unknown_question",
  "response.wrong_type",
  "response.required",
  "response.invalid_option",
  "response.too_long",
  "response.out_of_range",
  "response.not_integer",
  "response.too_many_choices",
] as const;
export type ErrorCode = (typeof errorCodes)[number];
export type FieldError = { questionId: string; code: ErrorCode; limit?: number };

/** Messages for people who call the API (the form translates codes through its catalogues instead). */
export const messages: Record<ErrorCode, string> = {
  "response.unknown_question": "This question is not part of the survey.",
  "response.wrong_type": "This answer is not the right kind of value for the question.",
  "response.required": "This question needs an answer.",
  "response.invalid_option": "This choice is not one of the question's options.",
  "response.too_long": "This answer is too long.",
  "response.out_of_range": "This number is outside the allowed range.",
  "response.not_integer": "Please enter a whole number.",
  "response.too_many_choices": "Too many choices were selected.",
};

/**
 * Reads only an object's own answers. Question ids are plain words, so a question may be called
 * "constructor" or "valueOf"; a bare `answers[id]` would then find Object.prototype's function for a
 * question nobody answered, and report it as answered (or as the wrong type).
 */
const own = <T>(record: Record<string, T>, id: string): T | undefined => (Object.hasOwn(record, id) ? record[id] : undefined);

const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

/**
 * Whether a show-if condition holds. A condition on a question that was not answered (or was itself
 * hidden) never holds, so a chain of conditions collapses cleanly.
 */
export function holds(condition: Condition, answers: Answers) {
  const got = own(answers, condition.questionId);
  if (isBlank(got)) return false;
  switch (condition.op) {
    case "answered":
      return true;
    case "equals":
      return Array.isArray(got) ? got.length === 1 && got[0] === condition.value : got === condition.value;
    case "not_equals":
      return Array.isArray(got) ? !got.includes(String(condition.value)) : got !== condition.value;
    case "includes":
      return Array.isArray(got) ? got.includes(String(condition.value)) : got === condition.value;
    case "gte":
      return typeof got === "number" && typeof condition.value === "number" && got >= condition.value;
    case "lte":
      return typeof got === "number" && typeof condition.value === "number" && got <= condition.value;
  }
}

/**
 * The questions a family sees given their answers so far, in order. Conditions see only answers that
 * pass their own question's check, in their stored form, exactly as in `validate`: the form must not
 * show a question that the server then treats as hidden (and silently drops), or the reverse.
 */
export function visibleQuestions(content: Content, answers: Record<string, unknown>): Question[] {
  const kept: Answers = {};
  const visible: Question[] = [];
  for (const q of content.questions) {
    if (q.showIf && !holds(q.showIf, kept)) continue;
    visible.push(q);
    const raw = own(answers, q.id);
    if (isBlank(raw)) continue;
    const { value } = check(q, raw);
    if (value !== undefined) kept[q.id] = value;
  }
  return visible;
}

function check(q: Question, raw: unknown): { value?: Answer; error?: FieldError } {
  const err = (code: ErrorCode, limit?: number) => ({ error: { questionId: q.id, code, ...(limit !== undefined ? { limit } : {}) } });
  switch (q.type) {
    case "single_choice":
      if (typeof raw !== "string") return err("response.wrong_type");
      return q.options.some((o) => o.id === raw) ? { value: raw } : err("response.invalid_option");
    case "multiple_choice": {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) return err("response.wrong_type");
      const unique = [...new Set(raw as string[])];
      if (unique.some((v) => !q.options.some((o) => o.id === v))) return err("response.invalid_option");
      if (q.maxChoices !== undefined && unique.length > q.maxChoices) return err("response.too_many_choices", q.maxChoices);
      // Stored in the question's option order, so identical choices always look identical.
      return { value: q.options.map((o) => o.id).filter((id) => unique.includes(id)) };
    }
    case "likert":
    case "rating": {
      const [lo, hi] = q.type === "likert" ? [1, 5] : [0, 10];
      if (typeof raw !== "number" || !Number.isFinite(raw)) return err("response.wrong_type");
      if (!Number.isInteger(raw)) return err("response.not_integer");
      return raw < lo || raw > hi ? err("response.out_of_range") : { value: raw };
    }
    case "short_text":
    case "long_text": {
      if (typeof raw !== "string") return err("response.wrong_type");
      const text = raw.trim();
      // Length in code points, as a person counts characters, not UTF-16 units.
      return [...text].length > q.maxLength ? err("response.too_long", q.maxLength) : { value: text };
    }
    case "number":
      if (typeof raw !== "number" || !Number.isFinite(raw)) return err("response.wrong_type");
      if (q.integer && !Number.isInteger(raw)) return err("response.not_integer");
      if ((q.min !== undefined && raw < q.min) || (q.max !== undefined && raw > q.max)) return err("response.out_of_range");
      return { value: raw };
  }
}

export type Validated = { answers: Answers; errors: FieldError[] };

/**
 * Checks answers against a version's content.
 * - Unknown question ids are errors (a stale or forged form), never silently stored.
 * - Answers to questions hidden by show-if are dropped: they are neither required nor stored.
 * - With `pages`, only those pages' questions must be complete (saving one page of a multi-page form);
 *   answers on other pages are still type-checked.
 */
export function validate(content: Content, input: Record<string, unknown>, opts: { pages?: number[] } = {}): Validated {
  const errors: FieldError[] = [];
  const known = new Set(content.questions.map((q) => q.id));
  for (const id of Object.keys(input)) if (!known.has(id)) errors.push({ questionId: id, code: "response.unknown_question" });

  const answers: Answers = {};
  for (const q of content.questions) {
    if (q.showIf && !holds(q.showIf, answers)) continue;
    const raw = own(input, q.id);
    if (isBlank(raw)) {
      const inScope = !opts.pages || opts.pages.includes(q.page);
      if (q.required && inScope) errors.push({ questionId: q.id, code: "response.required" });
      continue;
    }
    const { value, error } = check(q, raw);
    if (error) errors.push(error);
    else if (value !== undefined) answers[q.id] = value;
  }
  return { answers, errors };
}
