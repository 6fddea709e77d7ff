// The tally's arithmetic, pure: how one response is counted, how two tallies merge, and the statistics
// read back from the counts. Tallies only ever add, so folding responses in any order and in any
// grouping (one run, many runs, per version) gives the same result as counting everything at once.
// That is what lets the summary job read only the responses that are new since its last run.
//
// What is counted is deliberately only counts and sums, per segment: no answer text, no ids, no day.
// An aggregate that holds nothing about one response cannot leak one (DESIGN §3 rule 1).
import * as z from "zod";
import type { Answers } from "../response/validate";
import { visibleQuestions } from "../response/validate";
import type { Content, Question } from "../survey/content";

/**
 * Counts by segment. The key "" is everyone; "<dimension>=<value>" is one reporting segment (for
 * example "site=Maple Grove Elementary"); a response without a value for a declared dimension counts
 * under "<dimension>=" so that every dimension's segments add up to everyone.
 */
export const Counts = z.record(z.string(), z.number());
export type Counts = z.infer<typeof Counts>;

/** Keys under a question that are not an answer value. */
export const ANSWERED = "_answered";
export const SUM = "_sum";

export const Data = z.object({
  /** Respondents per segment. */
  respondents: Counts,
  /** Respondents per segment who answered every question they were shown (completion rate). */
  complete: Counts,
  /**
   * Per question, per answer value, per segment. Values are option ids (single and multiple choice),
   * the point as a string ("1"–"5" likert, "0"–"10" rating), `_answered` for every type, and `_sum`
   * for number questions (their values are unbounded, so only the sum and count are kept).
   */
  questions: z.record(z.string(), z.record(z.string(), Counts)),
});
export type Data = z.infer<typeof Data>;

export const empty = (): Data => ({ respondents: {}, complete: {}, questions: {} });

/** What a response contributes, in the form the tally needs (answers and reporting dimensions only). */
export type Counted = { answers: Answers; dimensions: Record<string, string> };

/** The segment keys a response counts under: everyone, plus one per declared dimension. */
export function segmentsOf(dimensions: readonly string[], values: Record<string, string>) {
  return ["", ...dimensions.map((d) => `${d}=${values[d] ?? ""}`)];
}

export const segmentKey = (dimension: string, value: string) => `${dimension}=${value}`;

function bump(counts: Counts, segments: string[], by: number) {
  for (const s of segments) counts[s] = (counts[s] ?? 0) + by;
}

function cell(data: Data, question: string, value: string) {
  const q = (data.questions[question] ??= {});
  return (q[value] ??= {});
}

/**
 * Adds one response to `data` (mutating it, because folding a million responses must not allocate a
 * tally per response). `dimensions` are the survey's declared dimensions, in order.
 */
export function add(data: Data, content: Content, dimensions: readonly string[], response: Counted) {
  const segments = segmentsOf(dimensions, response.dimensions);
  bump(data.respondents, segments, 1);
  const shown = visibleQuestions(content, response.answers);
  let complete = true;
  for (const q of shown) {
    const value = Object.hasOwn(response.answers, q.id) ? response.answers[q.id] : undefined;
    if (value === undefined) {
      complete = false;
      continue;
    }
    countAnswer(data, q, value, segments);
  }
  if (complete) bump(data.complete, segments, 1);
  return data;
}

function countAnswer(data: Data, q: Question, value: Answers[string], segments: string[]) {
  bump(cell(data, q.id, ANSWERED), segments, 1);
  switch (q.type) {
    case "single_choice":
    case "likert":
    case "rating":
      bump(cell(data, q.id, String(value)), segments, 1);
      return;
    case "multiple_choice":
      for (const option of value as string[]) bump(cell(data, q.id, option), segments, 1);
      return;
    case "number":
      bump(cell(data, q.id, SUM), segments, value as number);
      return;
    case "short_text":
    case "long_text":
      // Only that it was answered: the text stays in the response, never in an aggregate.
      return;
  }
}

function addCounts(into: Counts, from: Counts) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** a + b, as a new tally (neither argument changes). */
export function merge(a: Data, b: Data): Data {
  const out = structuredClone(a);
  addCounts(out.respondents, b.respondents);
  addCounts(out.complete, b.complete);
  for (const [q, values] of Object.entries(b.questions)) {
    for (const [v, counts] of Object.entries(values)) addCounts(cell(out, q, v), counts);
  }
  return out;
}

/** A full recount: what folding every response at once gives. */
export function count(content: Content, dimensions: readonly string[], responses: Iterable<Counted>) {
  const data = empty();
  for (const r of responses) add(data, content, dimensions, r);
  return data;
}

/** Distribution statistics of a 0–10 (or any integer-valued) question from its counts per value. */
export function distribution(byValue: Record<string, number>) {
  const points = Object.entries(byValue)
    .map(([v, n]) => [Number(v), n] as const)
    .filter(([v, n]) => Number.isFinite(v) && n > 0)
    .sort((a, b) => a[0] - b[0]);
  const n = points.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return { n: 0, mean: undefined, median: undefined, promoters: 0, passives: 0, detractors: 0 };
  const mean = points.reduce((s, [v, c]) => s + v * c, 0) / n;
  // The median of the n sorted answers (the average of the two middle ones when n is even).
  const at = (i: number) => {
    let seen = 0;
    for (const [v, c] of points) {
      seen += c;
      if (i < seen) return v;
    }
    return points[points.length - 1]![0];
  };
  const median = n % 2 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  // NPS-style groups on the 0–10 scale.
  const within = (lo: number, hi: number) => points.filter(([v]) => v >= lo && v <= hi).reduce((s, [, c]) => s + c, 0);
  return { n, mean, median, promoters: within(9, 10), passives: within(7, 8), detractors: within(0, 6) };
}
