// Small-cell suppression for everything that leaves the coordinator's view: partner emails and the
// partner CSV (DESIGN §3 rule 5). Pure: a tally in, the publishable figures out.
//
// The rules, and how each is met:
// 1. No figure describes fewer than k respondents. k is the organisation's floor (default 10, never
//    below 5), raised by the survey or the partner (the caller passes the largest). A count of 1..k-1 is
//    hidden ("primary suppression"); zero is shown, it describes nobody.
// 2. Small segments. A segment (a school, a language, a channel) with fewer than k respondents is never
//    shown on its own: small segments are merged into "Other". If "Other" would still be below k, the
//    next-smallest segment joins it, because hiding "Other" alone would not hide it: the total minus the
//    shown segments gives it back. A breakdown left with fewer than two columns is not shown at all.
//    After this step EVERY shown column has at least k respondents and its size is published.
// 3. Nothing hidden can be recovered by subtraction, across the whole release. Every published figure is
//    a sum of underlying counts, so "recoverable" means "its sum is a linear combination of published
//    sums": rows, columns, totals, the same question broken down by another dimension (all share the
//    overall column), and other questions. The audit (span.ts) tests exactly that. While a hidden figure
//    is recoverable, the next-smallest published figure that shares a row or column with it is hidden
//    too ("complementary suppression"), and the audit runs again. If nothing is left to hide, the whole
//    question is withheld.
//    Why questions can be audited one at a time: questions are linked only through the segment sizes
//    (the column total of a required single-choice question IS the segment's respondent count), and
//    those are all published (step 2), so the audit treats them as known in every question. The one
//    other link, a required question shown only after a given answer to an earlier one (its answered
//    count equals that answer's count), joins the two questions into one audit.
// 4. Percentages are whole numbers, shown only beside a shown count, over a shown column size, so they
//    reveal nothing the counts do not. Means (and medians) of a column are treated as publishing the
//    column's sum and answered count, and are audited like counts.
//
// What the audit does not model: bounds from counts being non-negative (it looks for exact recovery,
// which is what "by subtraction" means), medians (an order statistic, shown only where the mean of the
// same column is shown), and differences between successive releases over time.
import * as z from "zod";
import type { Condition, Question } from "../survey/content";
import { ANSWERED, SUM, segmentKey, type Counts, type Data } from "../tally/aggregate";
import { Span, vector, type Vector } from "./span";

/**
 * Shown columns per breakdown: the largest segments, the rest together in "Other". Six columns fit a
 * 600-pixel email, and keep a large district's summary under the size at which Gmail clips a message.
 */
export const MAX_COLUMNS = 6;

export const Column = z.object({
  /** The dimension, or null for the all-respondents column. */
  dimension: z.string().nullable(),
  /** The raw segment values the column covers (one, or several for "Other"). */
  values: z.array(z.string()),
  other: z.boolean(),
  /** Respondents in the column: always at least k, and published. */
  n: z.number().int(),
});
export type Column = z.infer<typeof Column>;

export const Breakdown = z.object({ dimension: z.string(), columns: z.array(Column), merged: z.number().int() });
export type Breakdown = z.infer<typeof Breakdown>;

/** A published count with its percentage of the column, or null when withheld. */
export const Cell = z.object({ count: z.number().int(), pct: z.number().int() }).nullable();
export type Cell = z.infer<typeof Cell>;

export const Stat = z.object({ mean: z.number(), median: z.number().nullable(), n: z.number().int() }).nullable();
export type Stat = z.infer<typeof Stat>;

export const Row = z.object({
  /** Option id, likert point, rating group (detractors, passives, promoters) or `_none` (no answer). */
  key: z.string(),
  kind: z.enum(["option", "group", "no_answer"]),
  all: Cell,
  /** Per breakdown, one cell per column, in the breakdown's column order. */
  by: z.record(z.string(), z.array(Cell)),
});
export type Row = z.infer<typeof Row>;

export const QuestionRelease = z.object({
  id: z.string(),
  type: z.string(),
  /** Nothing about this question could be shown safely. */
  withheld: z.boolean(),
  rows: z.array(Row),
  /** Ratings and numbers: mean (and median) per column. */
  stats: z.object({ all: Stat, by: z.record(z.string(), z.array(Stat)) }).optional(),
});
export type QuestionRelease = z.infer<typeof QuestionRelease>;

export const Release = z.object({
  k: z.number().int(),
  /** All respondents, or null when fewer than k (then nothing else is published). */
  respondents: z.number().int().nullable(),
  breakdowns: z.array(Breakdown),
  questions: z.array(QuestionRelease),
  withheld: z.object({
    /** Figures that would have been shown (counts, means) and are not. */
    cells: z.number().int(),
    /** Raw segments not shown on their own (merged into "Other"). */
    segments: z.number().int(),
    questions: z.number().int(),
  }),
});
export type Release = z.infer<typeof Release>;

export type Input = {
  k: number;
  data: Data;
  questions: readonly Question[];
  dimensions: readonly string[];
  maxColumns?: number;
};

export const RATING_GROUPS = [
  { key: "detractors", values: [0, 1, 2, 3, 4, 5, 6] },
  { key: "passives", values: [7, 8] },
  { key: "promoters", values: [9, 10] },
] as const;

const NONE = "_none";

/** Step 2: the columns of one dimension's breakdown. */
export function columnsOf(dimension: string, respondents: Counts, k: number, maxColumns = MAX_COLUMNS): Breakdown {
  const prefix = `${dimension}=`;
  const raw = Object.entries(respondents)
    .filter(([key, n]) => key.startsWith(prefix) && n > 0)
    .map(([key, n]) => ({ value: key.slice(prefix.length), n }))
    .sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const shown = raw.filter((s) => s.n >= k);
  const rest = raw.filter((s) => s.n < k);
  while (shown.length > 0 && shown.length + (rest.length ? 1 : 0) > maxColumns) rest.push(shown.pop()!);
  const restSize = () => rest.reduce((s, r) => s + r.n, 0);
  // "Other" below k would be recoverable as the total minus the shown segments: the next-smallest joins it.
  while (rest.length > 0 && restSize() < k && shown.length > 0) rest.push(shown.pop()!);
  const columns: Column[] = shown.map((s) => ({ dimension, values: [s.value], other: false, n: s.n }));
  if (rest.length && restSize() >= k) columns.push({ dimension, values: rest.map((r) => r.value).sort(), other: true, n: restSize() });
  if (columns.length < 2) return { dimension, columns: [], merged: raw.length };
  return { dimension, columns, merged: rest.length };
}

// ---------- the model: underlying counts as variables, published figures as sums of them ----------

type Group = { key: string; kind: Row["kind"]; members: string[]; display: boolean };

/** One audited table family: a question (or one option of a multiple-choice question). */
type Block = {
  key: string;
  question: Question;
  rows: string[];
  groups: Group[];
  value: (row: string, col: Column) => number;
  /** Mean of the answers: coefficient of each underlying row (ratings), or a separate sum (numbers). */
  mean?: { coefficients?: Record<string, number>; sum?: (col: Column) => number; median?: (col: Column) => number | null };
};

type AuditCell = {
  block: string;
  /** What must not be recoverable when this figure is hidden. */
  sensitive: Vector;
  /** What showing it publishes. */
  reveals: Vector[];
  /** Respondents the figure describes. */
  basis: number;
  value: number;
  lines: string[];
  hidden: boolean;
  /** Where it is displayed (undefined: audited but never shown, such as "did not choose"). */
  at?: { question: string; group?: string; mean?: true; col: number };
};

function sumAt(counts: Counts | undefined, col: Column) {
  if (!counts) return 0;
  if (col.dimension === null) return counts[""] ?? 0;
  let s = 0;
  for (const v of col.values) s += counts[segmentKey(col.dimension, v)] ?? 0;
  return s;
}

function blocksOf(q: Question, data: Data): Block[] {
  const counts = data.questions[q.id] ?? {};
  const answered = (col: Column) => sumAt(counts[ANSWERED], col);
  const none = (col: Column) => col.n - answered(col);
  // A "no answer" row is shown wherever skipping was possible: decided by the survey, not by the data,
  // so that the row's presence says nothing about whether anyone skipped.
  const skippable = !q.required || Boolean(q.showIf);
  const noAnswer: Group = { key: NONE, kind: "no_answer", members: [NONE], display: skippable };
  const byValue = (row: string, col: Column) => (row === NONE ? none(col) : sumAt(counts[row], col));
  switch (q.type) {
    case "single_choice": {
      const ids = q.options.map((o) => o.id);
      return [{ key: q.id, question: q, rows: [...ids, NONE], groups: [...ids.map((id): Group => ({ key: id, kind: "option", members: [id], display: true })), noAnswer], value: byValue }];
    }
    case "likert": {
      const points = ["1", "2", "3", "4", "5"];
      return [{ key: q.id, question: q, rows: [...points, NONE], groups: [...points.map((p): Group => ({ key: p, kind: "option", members: [p], display: true })), noAnswer], value: byValue }];
    }
    case "rating": {
      const points = Array.from({ length: 11 }, (_, i) => String(i));
      return [
        {
          key: q.id,
          question: q,
          rows: [...points, NONE],
          groups: [...RATING_GROUPS.map((g): Group => ({ key: g.key, kind: "group", members: g.values.map(String), display: true })), noAnswer],
          value: byValue,
          mean: {
            coefficients: Object.fromEntries(points.map((p) => [p, Number(p)])),
            median: (col) => median(points.map((p) => [Number(p), sumAt(counts[p], col)] as const)),
          },
        },
      ];
    }
    case "multiple_choice":
      // Each option is its own yes/no table: choosing one option says nothing linear about the others.
      // "Did not choose" is never shown, but it is audited: it is the segment size minus "chose", so a
      // small "did not choose" is as revealing as a small "chose".
      return q.options.map((o) => ({
        key: `${q.id}|${o.id}`,
        question: q,
        rows: ["yes", "no"],
        groups: [
          { key: o.id, kind: "option", members: ["yes"], display: true },
          { key: `${o.id}|no`, kind: "option", members: ["no"], display: false },
        ],
        value: (row, col) => (row === "yes" ? sumAt(counts[o.id], col) : col.n - sumAt(counts[o.id], col)),
      }));
    case "number":
      return [
        {
          key: q.id,
          question: q,
          rows: [ANSWERED, NONE],
          groups: [
            { key: ANSWERED, kind: "group", members: [ANSWERED], display: false },
            { ...noAnswer, display: false },
          ],
          value: (row, col) => (row === NONE ? none(col) : answered(col)),
          mean: { sum: (col) => sumAt(counts[SUM], col) },
        },
      ];
    case "short_text":
    case "long_text":
      return [];
  }
}

function median(points: (readonly [number, number])[]) {
  const n = points.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const at = (i: number) => {
    let seen = 0;
    for (const [v, c] of points) {
      seen += c;
      if (i < seen) return v;
    }
    return points[points.length - 1]![0];
  };
  return n % 2 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/**
 * The rows of `target` that satisfy a show-if condition, when that set is expressible in the audit's
 * variables (so the dependent question's answered count can be tied to them).
 */
function conditionRows(condition: Condition, target: Question): { block: string; rows: string[] } | undefined {
  const { op, value } = condition;
  if (target.type === "multiple_choice") return op === "includes" && typeof value === "string" ? { block: `${target.id}|${value}`, rows: ["yes"] } : undefined;
  if (target.type === "number") return op === "answered" ? { block: target.id, rows: [ANSWERED] } : undefined;
  let values: string[];
  if (target.type === "single_choice") values = target.options.map((o) => o.id);
  else if (target.type === "likert") values = ["1", "2", "3", "4", "5"];
  else if (target.type === "rating") values = Array.from({ length: 11 }, (_, i) => String(i));
  else return undefined;
  const numeric = target.type !== "single_choice";
  const test = (v: string) => {
    const x: string | number = numeric ? Number(v) : v;
    switch (op) {
      case "answered":
        return true;
      case "equals":
      case "includes":
        return x === value;
      case "not_equals":
        return x !== value;
      case "gte":
        return typeof value === "number" && (x as number) >= value;
      case "lte":
        return typeof value === "number" && (x as number) <= value;
    }
  };
  return { block: target.id, rows: values.filter(test) };
}

/** Steps 1–4: what may be published from `input.data`. */
export function suppress(input: Input): Release {
  const { k, data, questions, dimensions } = input;
  const total = data.respondents[""] ?? 0;
  const empty: Release = { k, respondents: null, breakdowns: [], questions: [], withheld: { cells: 0, segments: 0, questions: 0 } };
  if (total < k) return empty;

  const every = dimensions.map((d) => columnsOf(d, data.respondents, k, input.maxColumns));
  const breakdowns = every.filter((b) => b.columns.length >= 2);
  const columns: Column[] = [{ dimension: null, values: [""], other: false, n: total }, ...breakdowns.flatMap((b) => b.columns)];
  const dimOf = (col: number) => columns[col]!.dimension;

  // Variables: one per (block, underlying row, column), plus a sum per column for number questions.
  const ids = new Map<string, number>();
  const v = (block: string, row: string, col: number) => {
    const name = `${block}\u0000${row}\u0000${col}`;
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  };

  const blocks = questions.flatMap((q) => blocksOf(q, data));
  const identities = new Map<string, Vector[]>();
  const cells: AuditCell[] = [];
  const colsOfDim = (d: string) => columns.flatMap((c, i) => (c.dimension === d ? [i] : []));

  for (const b of blocks) {
    const known: Vector[] = [];
    // Every column adds up to its (published) size; every row of a breakdown adds up to the row's
    // all-respondents cell, in every breakdown (the overall column is shared by all of them).
    columns.forEach((_, col) => known.push(vector(b.rows.map((r) => [v(b.key, r, col), 1]))));
    for (const bd of breakdowns) {
      const cols = colsOfDim(bd.dimension);
      for (const r of b.rows) known.push(vector([...cols.map((c) => [v(b.key, r, c), 1] as const), [v(b.key, r, 0), -1]]));
      if (b.mean?.sum) known.push(vector([...cols.map((c) => [v(b.key, SUM, c), 1] as const), [v(b.key, SUM, 0), -1]]));
    }
    identities.set(b.key, known);

    columns.forEach((column, col) => {
      const rowLines = (g: string) => (dimOf(col) === null ? breakdowns.map((bd) => `r|${b.key}|${g}|${bd.dimension}`) : [`r|${b.key}|${g}|${dimOf(col)}`]);
      for (const g of b.groups) {
        const sum = vector(g.members.map((r) => [v(b.key, r, col), 1]));
        const value = g.members.reduce((s, r) => s + b.value(r, column), 0);
        cells.push({
          block: b.key,
          sensitive: sum,
          reveals: [sum],
          basis: value,
          value,
          lines: [`c|${b.key}|${col}`, ...rowLines(g.key)],
          hidden: value > 0 && value < k,
          at: g.display ? { question: b.question.id, group: g.key, col } : undefined,
        });
      }
      if (b.mean) {
        const answeredRows = b.rows.filter((r) => r !== NONE);
        const count = answeredRows.reduce((s, r) => s + b.value(r, column), 0);
        if (count > 0) {
          const sum = b.mean.coefficients
            ? vector(answeredRows.map((r) => [v(b.key, r, col), b.mean!.coefficients![r] ?? 0]))
            : vector([[v(b.key, SUM, col), 1]]);
          cells.push({
            block: b.key,
            sensitive: sum,
            reveals: [sum, vector(answeredRows.map((r) => [v(b.key, r, col), 1]))],
            basis: count,
            value: count,
            lines: [`c|${b.key}|${col}`, ...(dimOf(col) === null ? breakdowns.map((bd) => `m|${b.key}|${bd.dimension}`) : [`m|${b.key}|${dimOf(col)}`])],
            hidden: count < k,
            at: { question: b.question.id, mean: true, col },
          });
        }
      }
    });
  }

  // Components: blocks joined by show-if links (a required question shown after answer X has exactly
  // as many answers as there are X answers).
  const parent = new Map(blocks.map((b) => [b.key, b.key]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const b of blocks) {
    const q = b.question;
    if (!q.required || !q.showIf || b.key !== q.id) continue;
    const target = byId.get(q.showIf.questionId);
    const link = target && conditionRows(q.showIf, target);
    if (!link || !parent.has(link.block)) continue;
    parent.set(find(b.key), find(link.block));
    const answeredRows = b.rows.filter((r) => r !== NONE);
    columns.forEach((_, col) =>
      identities.get(b.key)!.push(vector([...answeredRows.map((r) => [v(b.key, r, col), 1] as const), ...link.rows.map((r) => [v(link.block, r, col), -1] as const)])),
    );
  }

  const components = new Map<string, { blocks: string[]; cells: AuditCell[] }>();
  for (const b of blocks) {
    const root = find(b.key);
    const comp = components.get(root) ?? { blocks: [], cells: [] };
    comp.blocks.push(b.key);
    components.set(root, comp);
  }
  for (const c of cells) components.get(find(c.block))!.cells.push(c);
  const withheldComponents = new Set<string>();
  for (const [root, comp] of components) if (!audit(comp.blocks.flatMap((b) => identities.get(b)!), comp.cells)) withheldComponents.add(root);

  // ---------- the release ----------
  const shown = new Map<string, AuditCell>();
  for (const c of cells) if (c.at) shown.set(`${c.at.question}|${c.at.mean ? "#mean" : c.at.group}|${c.at.col}`, c);
  const cellOf = (question: string, group: string, col: number): Cell => {
    const c = shown.get(`${question}|${group}|${col}`);
    if (!c || c.hidden) return null;
    return { count: c.value, pct: Math.round((100 * c.value) / columns[col]!.n) };
  };
  let withheldCells = 0;
  for (const c of cells) if (c.at && c.hidden) withheldCells++;

  const released: QuestionRelease[] = [];
  let withheldQuestions = 0;
  for (const q of questions) {
    const own = blocks.filter((b) => b.question.id === q.id);
    if (own.length === 0) continue;
    const rows: Row[] = own.flatMap((b) =>
      b.groups
        .filter((g) => g.display)
        .map((g) => ({
          key: g.key,
          kind: g.kind,
          all: cellOf(q.id, g.key, 0),
          by: Object.fromEntries(breakdowns.map((bd) => [bd.dimension, colsOfDim(bd.dimension).map((col) => cellOf(q.id, g.key, col))])),
        })),
    );
    const meanBlock = own.find((b) => b.mean);
    const statOf = (col: number): Stat => {
      const c = shown.get(`${q.id}|#mean|${col}`);
      if (!c || c.hidden || !meanBlock) return null;
      const column = columns[col]!;
      const sum = meanBlock.mean!.sum
        ? meanBlock.mean!.sum(column)
        : meanBlock.rows.filter((r) => r !== NONE).reduce((s, r) => s + (meanBlock.mean!.coefficients![r] ?? 0) * meanBlock.value(r, column), 0);
      return { mean: Math.round((10 * sum) / c.value) / 10, median: meanBlock.mean!.median?.(column) ?? null, n: c.value };
    };
    const stats = meanBlock
      ? { all: statOf(0), by: Object.fromEntries(breakdowns.map((bd) => [bd.dimension, colsOfDim(bd.dimension).map(statOf)])) }
      : undefined;
    const anything = rows.some((r) => r.all || Object.values(r.by).some((cs) => cs.some(Boolean))) || Boolean(stats && (stats.all || Object.values(stats.by).some((s) => s.some(Boolean))));
    const withheld = own.some((b) => withheldComponents.has(find(b.key))) || !anything;
    if (withheld) withheldQuestions++;
    released.push({ id: q.id, type: q.type, withheld, rows: withheld ? [] : rows, ...(stats && !withheld ? { stats } : {}) });
  }

  return Release.parse({
    k,
    respondents: total,
    breakdowns,
    questions: released,
    withheld: { cells: withheldCells, segments: every.reduce((s, b) => s + b.merged, 0), questions: withheldQuestions },
  });
}

/**
 * Step 3 for one component: hides complements until no hidden figure is recoverable. Returns false when
 * that was impossible (everything is hidden and something is still recoverable): then nothing of the
 * component may be published.
 */
function audit(identities: Vector[], cells: AuditCell[]): boolean {
  if (!cells.some((c) => c.hidden)) return true;
  // The component's variables, numbered 0..n-1 for the span's dense working vector.
  const local = new Map<number, number>();
  const remap = (v: Vector): Vector => {
    const out: Vector = new Map();
    for (const [k, c] of v) {
      let i = local.get(k);
      if (i === undefined) local.set(k, (i = local.size));
      out.set(i, c);
    }
    return out;
  };
  const known = identities.map(remap);
  const reveals = new Map(cells.map((c) => [c, c.reveals.map(remap)]));
  const sensitive = new Map(cells.map((c) => [c, remap(c.sensitive)]));
  const published = (skip?: AuditCell) => {
    const span = new Span(local.size);
    for (const id of known) span.add(id);
    for (const c of cells) if (!c.hidden && c !== skip) for (const r of reveals.get(c)!) span.add(r);
    return span;
  };
  for (;;) {
    const span = published();
    const h = cells.find((c) => c.hidden && span.contains(sensitive.get(c)!));
    if (!h) return true;
    const candidates = complements(h, cells);
    if (candidates.length === 0) {
      for (const c of cells) c.hidden = true;
      return false;
    }
    // The first candidate (best first) whose hiding alone protects h; hiding, say, a column's mean beside
    // a hidden count would cost a figure and protect nothing. If no single figure is enough, hide the
    // best one and look again: the loop adds complements until h is protected.
    const pick = candidates.slice(0, MAX_TRIES).find((c) => !published(c).contains(sensitive.get(h)!)) ?? candidates[0]!;
    pick.hidden = true;
  }
}

/** Candidates tried per recoverable figure before settling for the smallest (bounds the audit's cost). */
const MAX_TRIES = 16;

/**
 * Complements for a recoverable hidden figure, best first (DESIGN: "hide the next-smallest cell"):
 * 1. published figures on a line (row or column) where h is the only hidden figure: that line gives h
 *    away by subtraction, and one more hidden figure on it stops that;
 * 2. other figures sharing a row or column with h;
 * 3. the rest of the component;
 * each tier by size, smallest first. Zeros are never chosen: a hidden zero protects nothing when the
 * survey's structure says it must be zero.
 */
function complements(h: AuditCell, cells: AuditCell[]) {
  const hiddenOn = new Map<string, number>();
  for (const c of cells) if (c.hidden) for (const l of c.lines) hiddenOn.set(l, (hiddenOn.get(l) ?? 0) + 1);
  const exposing = new Set(h.lines.filter((l) => hiddenOn.get(l) === 1));
  const near = new Set(h.lines);
  const tier = (c: AuditCell) => (c.lines.some((l) => exposing.has(l)) ? 0 : c.lines.some((l) => near.has(l)) ? 1 : 2);
  return cells
    .filter((c) => !c.hidden && c.basis > 0)
    .map((c, i) => ({ c, tier: tier(c), i }))
    .sort((a, b) => a.tier - b.tier || a.c.basis - b.c.basis || a.i - b.i)
    .map((x) => x.c);
}
