// How a survey is walked through: steps, reading a posted page, and showing saved answers again.
//
// Steps. A survey's pages are split further wherever a question's show-if depends on a question of
// the same step, so that without any JavaScript the server always knows, when it renders a step,
// which of its questions are visible. Steps are computed from the answers so far, so a question
// hidden by an earlier answer never appears. A step is identified by its first question's id (stable
// while answers change), not by its position.
import * as Response from "@feedback/core/response";
import type { Survey } from "@feedback/core/survey";

type Question = Survey.Question;
export type Raw = Record<string, string | string[]>;

export function steps(content: Survey.Content, answers: Response.Answers): Question[][] {
  // Boundaries come from the survey's structure, not from what is visible now: a question that depends
  // on one in the same page starts a new step even while it is hidden, so the step the family saw is
  // the step the server reads back.
  const structural: Question[][] = [];
  let current: Question[] = [];
  for (const q of content.questions) {
    const first = current[0];
    const dependsOnCurrent = q.showIf && current.some((c) => c.id === q.showIf!.questionId);
    if (first && (q.page !== first.page || dependsOnCurrent)) {
      structural.push(current);
      current = [];
    }
    current.push(q);
  }
  if (current.length) structural.push(current);
  const visible = new Set(Response.visibleQuestions(content, answers).map((q) => q.id));
  return structural.map((s) => s.filter((q) => visible.has(q.id))).filter((s) => s.length > 0);
}

/** The index of the step a saved position points at; a position that vanished goes to the next step after it. */
export function stepIndex(content: Survey.Content, all: Question[][], at: string | undefined) {
  if (!at) return 0;
  const exact = all.findIndex((s) => s.some((q) => q.id === at));
  if (exact >= 0) return exact;
  const order = content.questions.findIndex((q) => q.id === at);
  const next = all.findIndex((s) => content.questions.findIndex((q) => q.id === s[0]!.id) > order);
  return next >= 0 ? next : Math.max(0, all.length - 1);
}

/** Eastern Arabic and Persian digits (٣ ۳) to ASCII, so a family can type numbers on their own keyboard. */
export function asciiDigits(s: string) {
  return s.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

function toNumber(s: string): number | string {
  const t = asciiDigits(s.trim()).replace(/\u066b/g, ".").replace(",", ".");
  return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : s;
}

/**
 * Reads one step's fields from a posted body (fields are named q.<id>). Returns the raw strings, to show
 * them again on error, and the typed answers for validation. Unparseable numbers stay strings so that
 * validation reports them instead of silently dropping them.
 */
export function readStep(step: Question[], body: Record<string, string | File | (string | File)[]>) {
  const raw: Raw = {};
  const typed: Record<string, unknown> = {};
  for (const q of step) {
    const v = body[`q.${q.id}`];
    const values = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
    if (q.type === "multiple_choice") {
      raw[q.id] = values;
      typed[q.id] = values;
      continue;
    }
    const one = values[0] ?? "";
    raw[q.id] = one;
    if (one.trim() === "") continue;
    typed[q.id] = q.type === "likert" || q.type === "rating" || q.type === "number" ? toNumber(one) : one;
  }
  return { raw, typed };
}

/** Saved answers as the strings the inputs show. */
export function toRaw(answers: Response.Answers): Raw {
  const raw: Raw = {};
  for (const [k, v] of Object.entries(answers)) raw[k] = Array.isArray(v) ? v : String(v);
  return raw;
}
