// Suppression (DESIGN §3 rule 5): worked examples, and properties over random surveys checked by an
// attacker model written independently of suppress.ts.
//
// The attacker model: the unknowns are the number of respondents of every possible *type* (a
// combination of segment values and answers to every question, excluding combinations the survey's
// structure rules out, such as no answer to a required question). Every published figure is a sum over
// types, so a figure can be "derived by subtraction from anything published together" exactly when its
// sum over types lies in the span of the published sums. This model knows nothing of suppress.ts's own
// (per-question, per-column) variables, so it also checks that those lose nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Content, type Question } from "../survey/content";
import { count } from "../tally/aggregate";
import { RATING_GROUPS, suppress, type Release } from "./suppress";

// ---------- the attacker's linear algebra: dense, modulo a prime span.ts does not use ----------

const P = 67108819;
const mod = (x: number) => ((x % P) + P) % P;
function inv(a: number) {
  let [r0, r1, s0, s1] = [P, mod(a), 0, 1];
  while (r1) {
    const q = Math.floor(r0 / r1);
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0);
}

class Attacker {
  private rows: (number[] | undefined)[];
  constructor(readonly size: number) {
    this.rows = new Array(size);
  }
  private reduce(input: number[]) {
    const v = input.map(mod);
    for (let i = 0; i < this.size; i++) {
      if (!v[i]) continue;
      const row = this.rows[i];
      if (!row) return v;
      const f = v[i]!;
      for (let j = i; j < this.size; j++) if (row[j]) v[j] = mod(v[j]! - ((f * row[j]!) % P));
    }
    return v;
  }
  learn(v: number[]) {
    const r = this.reduce(v);
    const pivot = r.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    const s = inv(r[pivot]!);
    this.rows[pivot] = r.map((x) => (x * s) % P);
  }
  knows(v: number[]) {
    return this.reduce(v).every((x) => x === 0);
  }
}

// ---------- surveys, people and types ----------

type Answer = string | number | string[] | undefined;
type Person = { dims: Record<string, string>; answers: Record<string, Answer> };
type Dim = { name: string; values: string[] };

const q = (raw: unknown) => raw as Question;
const contentOf = (questions: unknown[]) =>
  Content.parse({ defaultLanguage: "en", languages: ["en"], title: { en: "Test" }, questions });

/** Every answer a question can have (undefined = no answer), given the answers before it. */
function possible(question: Question, before: Record<string, Answer>): Answer[] {
  if (question.showIf) {
    const got = before[question.showIf.questionId];
    const v = question.showIf.value;
    const holds =
      got !== undefined &&
      (question.showIf.op === "equals" ? got === v : question.showIf.op === "includes" ? Array.isArray(got) && got.includes(String(v)) : true);
    if (!holds) return [undefined];
  }
  let values: Answer[];
  if (question.type === "single_choice") values = question.options.map((o) => o.id);
  else if (question.type === "multiple_choice") {
    const ids = question.options.map((o) => o.id);
    values = [];
    for (let mask = 1; mask < 1 << ids.length; mask++) values.push(ids.filter((_, i) => mask & (1 << i)));
  } else if (question.type === "rating") values = Array.from({ length: 11 }, (_, i) => i);
  else throw new Error(`test model lacks ${question.type}`);
  return question.required ? values : [...values, undefined];
}

function typesOf(dims: Dim[], questions: readonly Question[]): Person[] {
  let types: Person[] = [{ dims: {}, answers: {} }];
  for (const d of dims) types = types.flatMap((t) => d.values.map((v) => ({ ...t, dims: { ...t.dims, [d.name]: v } })));
  for (const question of questions) types = types.flatMap((t) => possible(question, t.answers).map((a) => ({ ...t, answers: { ...t.answers, [question.id]: a } })));
  return types;
}

/** Which groups (rows) a question's answer falls in, including rows never displayed. */
function groupsOf(question: Question, answer: Answer): string[] {
  if (answer === undefined) return question.type === "multiple_choice" ? question.options.map((o) => `${o.id}|no`) : ["_none"];
  if (question.type === "multiple_choice") return question.options.map((o) => ((answer as string[]).includes(o.id) ? o.id : `${o.id}|no`));
  if (question.type === "rating") return [RATING_GROUPS.find((g) => (g.values as readonly number[]).includes(answer as number))!.key];
  return [String(answer)];
}

function allGroups(question: Question): string[] {
  if (question.type === "multiple_choice") return question.options.flatMap((o) => [o.id, `${o.id}|no`]);
  if (question.type === "rating") return [...RATING_GROUPS.map((g) => g.key), "_none"];
  return [...(question as { options: { id: string }[] }).options.map((o) => o.id), "_none"];
}

type Col = { dimension: string | null; values: string[]; n: number };

/**
 * Checks a release against the people it was made from. Returns problems as readable strings, so a
 * failing property prints what leaked.
 */
function check(release: Release, people: Person[], dims: Dim[], questions: readonly Question[], k: number): string[] {
  const problems: string[] = [];
  const types = typesOf(dims, questions);
  const attacker = new Attacker(types.length);
  const inCol = (t: Person, col: Col) => col.dimension === null || col.values.includes(t.dims[col.dimension]!);
  const indicator = (pred: (t: Person) => boolean) => types.map((t) => (pred(t) ? 1 : 0));
  const truth = (pred: (t: Person) => boolean) => people.filter(pred).length;
  const published: { what: string; v: number[]; value: number }[] = [];
  const publish = (what: string, pred: (t: Person) => boolean, shown: number) => {
    const value = truth(pred);
    if (shown !== value) problems.push(`${what}: published ${shown}, true ${value}`);
    if (shown > 0 && shown < k) problems.push(`${what}: published ${shown} < k=${k}`);
    published.push({ what, v: indicator(pred), value });
  };

  if (release.respondents === null) {
    if (people.length >= k) problems.push(`${people.length} respondents but nothing published`);
    return problems;
  }
  publish("respondents", () => true, release.respondents);
  const cols: Col[] = [{ dimension: null, values: [], n: release.respondents }];
  for (const b of release.breakdowns) {
    for (const c of b.columns) {
      cols.push(c);
      publish(`n ${b.dimension}=${c.values}`, (t) => inCol(t, c), c.n);
    }
  }
  const colName = (c: Col) => (c.dimension === null ? "all" : `${c.dimension}=${c.values}`);
  const sensitive: { what: string; v: number[] }[] = [];

  for (const question of questions) {
    const released = release.questions.find((r) => r.id === question.id)!;
    for (const group of allGroups(question)) {
      const row = released.rows.find((r) => r.key === group);
      cols.forEach((col, i) => {
        const pred = (t: Person) => inCol(t, col) && groupsOf(question, t.answers[question.id]).includes(group);
        const what = `${question.id}:${group}@${colName(col)}`;
        const shown = row ? (i === 0 ? row.all : row.by[col.dimension!]![cols.filter((c) => c.dimension === col.dimension).indexOf(col)]) : null;
        const value = truth(pred);
        if (shown) {
          publish(what, pred, shown.count);
          const n = col.n;
          if (shown.pct !== Math.round((100 * shown.count) / n)) problems.push(`${what}: pct ${shown.pct} is not round(100*${shown.count}/${n})`);
        } else if (row || released.withheld || (value > 0 && value < k)) {
          // A withheld displayed figure, or any small count (displayed or not): must not be derivable.
          sensitive.push({ what, v: indicator(pred) });
        }
      });
    }
    if (question.type === "rating") {
      cols.forEach((col, i) => {
        const stat = released.stats ? (i === 0 ? released.stats.all : released.stats.by[col.dimension!]![cols.filter((c) => c.dimension === col.dimension).indexOf(col)]) : null;
        const answered = (t: Person) => inCol(t, col) && t.answers[question.id] !== undefined;
        const sum = types.map((t) => (answered(t) ? (t.answers[question.id] as number) : 0));
        const what = `${question.id}:mean@${colName(col)}`;
        if (stat) {
          const n = truth(answered);
          const s = people.filter(answered).reduce((x, t) => x + (t.answers[question.id] as number), 0);
          if (stat.n !== n || n < k) problems.push(`${what}: n ${stat.n} (true ${n}, k ${k})`);
          if (stat.mean !== Math.round((10 * s) / n) / 10) problems.push(`${what}: mean ${stat.mean} (true ${s / n})`);
          published.push({ what, v: sum, value: s }, { what: `${what} n`, v: indicator(answered), value: n });
        } else if (truth(answered) > 0) sensitive.push({ what, v: sum });
      });
    }
  }
  // Raw segments too small to show on their own must not be derivable either (rule: merged or hidden).
  for (const d of dims) {
    for (const value of d.values) {
      const n = truth((t) => t.dims[d.name] === value);
      if (n > 0 && n < k) sensitive.push({ what: `segment ${d.name}=${value} (${n})`, v: indicator((t) => t.dims[d.name] === value) });
    }
  }

  for (const p of published) attacker.learn(p.v);
  // A figure the survey's structure makes impossible (no type has it) is zero by definition, not a leak.
  for (const s of sensitive) if (s.v.some(Boolean) && attacker.knows(s.v)) problems.push(`${s.what} is derivable from what is published`);
  return problems;
}

/** Runs suppression on people, the way the summary does (tally, then suppress). */
function release(people: Person[], dims: Dim[], content: Content, k: number) {
  const data = count(content, dims.map((d) => d.name), people.map((p) => ({ dimensions: p.dims, answers: strip(p.answers) })));
  return suppress({ k, data, questions: content.questions, dimensions: dims.map((d) => d.name) });
}
const strip = (answers: Record<string, Answer>) =>
  Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as Record<string, string | number | string[]>;

// ---------- worked examples ----------

const safety = contentOf([
  { id: "safe", type: "single_choice", required: true, text: { en: "Does your child feel safe at school?" }, options: [{ id: "yes", text: { en: "Yes" } }, { id: "no", text: { en: "No" } }] },
]);
const sites: Dim[] = [{ name: "site", values: ["A", "B", "C"] }];

function crowd(rows: [Record<string, string>, Record<string, Answer>, number][]): Person[] {
  return rows.flatMap(([dims, answers, n]) => Array.from({ length: n }, () => ({ dims, answers })));
}

describe("suppression, worked examples (k = 10)", () => {
  it("hides a 3-respondent cell, the next-smallest cell of its row, and the cells that close the rectangle", () => {
    // site A: 17 yes, 3 no   site B: 12 yes, 13 no   site C: 18 yes, 12 no   (all: 47 yes, 28 no)
    const people = crowd([
      [{ site: "A" }, { safe: "yes" }, 17], [{ site: "A" }, { safe: "no" }, 3],
      [{ site: "B" }, { safe: "yes" }, 12], [{ site: "B" }, { safe: "no" }, 13],
      [{ site: "C" }, { safe: "yes" }, 18], [{ site: "C" }, { safe: "no" }, 12],
    ]);
    const r = release(people, sites, safety, 10);
    const [bySite] = r.breakdowns;
    expect(bySite!.columns.map((c) => [c.values[0], c.n])).toEqual([["C", 30], ["B", 25], ["A", 20]]);
    const [yes, no] = r.questions[0]!.rows;
    // "No" at site A (3) is hidden. Hidden alone it would be 28 - 13 - 12 = 3, so the next-smallest "no"
    // (site C, 12) is hidden too; then each site's "yes" would give its "no" back as 20 - 17 and 30 - 18,
    // so those are hidden as well. Site B and the totals stay.
    expect(no!.by.site).toEqual([null, { count: 13, pct: 52 }, null]);
    expect(yes!.by.site).toEqual([null, { count: 12, pct: 48 }, null]);
    expect(no!.all).toEqual({ count: 28, pct: 37 });
    expect(yes!.all).toEqual({ count: 47, pct: 63 });
    expect(r.withheld.cells).toBe(4);
    expect(check(r, people, sites, safety.questions, 10)).toEqual([]);
  });

  it("merges small segments into Other, and makes Other big enough by adding the next-smallest segment", () => {
    const languages: Dim[] = [{ name: "language", values: ["en", "es", "vi", "ar"] }];
    const people = crowd([
      [{ language: "en" }, { safe: "yes" }, 30], [{ language: "en" }, { safe: "no" }, 10],
      [{ language: "es" }, { safe: "yes" }, 15], [{ language: "es" }, { safe: "no" }, 10],
      [{ language: "vi" }, { safe: "yes" }, 4],
      [{ language: "ar" }, { safe: "no" }, 2],
    ]);
    const r = release(people, languages, safety, 10);
    // vi (4) and ar (2) make 6 < 10: shown as "Other" they would still be too small, and hidden they
    // would be 71 - 40 - 25 = 6 by subtraction. So es (25), the next-smallest, joins them.
    expect(r.breakdowns[0]!.columns.map((c) => ({ values: c.values, n: c.n, other: c.other }))).toEqual([
      { values: ["en"], n: 40, other: false },
      { values: ["ar", "es", "vi"], n: 31, other: true },
    ]);
    expect(r.withheld.segments).toBe(3);
    expect(check(r, people, languages, safety.questions, 10)).toEqual([]);
  });

  it("shows no breakdown left with one column, withholds a question it cannot protect, and nothing below k", () => {
    // Site B (3) is too small, and Other (B alone) too: A joins it, leaving one column, so no breakdown.
    const people = crowd([[{ site: "A" }, { safe: "yes" }, 14], [{ site: "A" }, { safe: "no" }, 11], [{ site: "B" }, { safe: "yes" }, 3]]);
    const r = release(people, sites, safety, 10);
    expect(r.breakdowns).toEqual([]);
    expect(r.questions[0]!.rows.map((row) => row.all)).toEqual([{ count: 17, pct: 61 }, { count: 11, pct: 39 }]);
    expect(check(r, people, sites, safety.questions, 10)).toEqual([]);

    // 12 yes and 3 no: the 3 is hidden, and the 12 would give it back (15 - 12), so both go; nothing is
    // left to show about the question.
    const few = crowd([[{ site: "A" }, { safe: "yes" }, 12], [{ site: "A" }, { safe: "no" }, 3]]);
    const withheld = release(few, sites, safety, 10);
    expect(withheld.questions[0]).toMatchObject({ withheld: true, rows: [] });
    expect(withheld.withheld.questions).toBe(1);
    expect(check(withheld, few, sites, safety.questions, 10)).toEqual([]);

    expect(release(few.slice(0, 9), sites, safety, 10)).toMatchObject({ respondents: null, questions: [], breakdowns: [] });
  });

  it("protects a count across questions: a required follow-up's answers add up to the answer that showed it", () => {
    // "How do you travel?" then, only for bus riders, a required "Is the bus on time?". At site B, 3 walk:
    // hidden, and protected in the travel table by hiding B's 10 bus riders (and A's walk and bus). But
    // the follow-up's answers at site B (10 yes, 0 no) add up to B's bus riders, and 35 - 10 - 22 = 3
    // would give the walkers back. Audited together, the follow-up's site B figures are withheld too.
    const travel = contentOf([
      { id: "travel", type: "single_choice", required: true, text: { en: "How do you travel?" }, options: ["bus", "walk", "car"].map((id) => ({ id, text: { en: id } })) },
      { id: "ontime", type: "single_choice", required: true, showIf: { questionId: "travel", op: "equals", value: "bus" }, text: { en: "Is the bus on time?" }, options: ["yes", "no"].map((id) => ({ id, text: { en: id } })) },
    ]);
    const twoSites: Dim[] = [{ name: "site", values: ["A", "B"] }];
    const people = crowd([
      [{ site: "A" }, { travel: "bus", ontime: "yes" }, 10], [{ site: "A" }, { travel: "bus", ontime: "no" }, 10], [{ site: "A" }, { travel: "walk" }, 30], [{ site: "A" }, { travel: "car" }, 14],
      [{ site: "B" }, { travel: "bus", ontime: "yes" }, 10], [{ site: "B" }, { travel: "walk" }, 3], [{ site: "B" }, { travel: "car" }, 22],
    ]);
    const r = release(people, twoSites, travel, 10);
    const b = r.breakdowns[0]!.columns.findIndex((c) => c.values[0] === "B");
    const row = (q: string, key: string) => r.questions.find((x) => x.id === q)!.rows.find((x) => x.key === key)!;
    expect(row("travel", "walk").by.site![b]).toBeNull();
    expect(row("travel", "bus").by.site![b]).toBeNull();
    expect(row("ontime", "yes").by.site![b]).toBeNull();
    expect(check(r, people, twoSites, travel.questions, 10)).toEqual([]);
  });

  it("publishes a rating's mean per segment only for at least k answers, and never one that gives a hidden one away", () => {
    const rating = contentOf([{ id: "nps", type: "rating", text: { en: "Recommend?" } }]);
    const people = crowd([
      [{ site: "A" }, { nps: 10 }, 8], [{ site: "A" }, { nps: 6 }, 9],
      [{ site: "B" }, { nps: 9 }, 11], [{ site: "B" }, { nps: 3 }, 3], [{ site: "B" }, { nps: undefined }, 12],
      [{ site: "C" }, { nps: 7 }, 20],
    ]);
    const r = release(people, sites, rating, 10);
    const stats = r.questions[0]!.stats!;
    expect(stats.all).toMatchObject({ n: 51, median: 7 });
    const b = r.breakdowns[0]!.columns.findIndex((c) => c.values[0] === "B");
    // Site B: 11 gave 9, 3 gave 3, 12 did not answer. The 3 detractors are hidden, and so are the 11
    // promoters (else 14 - 11). B's mean is still shown: 14 answers, and a mean weighs 0–6 and 9–10
    // differently within each group, so it cannot be turned back into the hidden group counts.
    expect(stats.by.site![b]).toEqual({ mean: 7.7, median: 9, n: 14 });
    const rows = r.questions[0]!.rows;
    expect(rows.find((x) => x.key === "detractors")!.by.site![b]).toBeNull();
    expect(rows.find((x) => x.key === "promoters")!.by.site![b]).toBeNull();
    expect(rows.find((x) => x.key === "_none")!.by.site![b]).toEqual({ count: 12, pct: 46 });
    expect(check(r, people, sites, rating.questions, 10)).toEqual([]);
  });
});

// ---------- properties ----------

const mixed = contentOf([
  { id: "q1", type: "single_choice", required: true, text: { en: "Q1" }, options: ["a", "b", "c"].map((id) => ({ id, text: { en: id } })) },
  { id: "q2", type: "single_choice", text: { en: "Q2" }, options: ["x", "y"].map((id) => ({ id, text: { en: id } })) },
  { id: "q3", type: "multiple_choice", text: { en: "Q3" }, options: ["m", "n"].map((id) => ({ id, text: { en: id } })) },
  { id: "q4", type: "single_choice", required: true, showIf: { questionId: "q1", op: "equals", value: "a" }, text: { en: "Q4" }, options: ["u", "v"].map((id) => ({ id, text: { en: id } })) },
]);

/** Random dimensions (0–2, with 2–3 values each) and people whose types are drawn with skewed weights. */
function population(content: Content, maxPeople: number) {
  return fc
    .record({
      k: fc.constantFrom(5, 10),
      dimCount: fc.integer({ min: 0, max: 2 }),
      sizes: fc.tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 })),
      weights: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 64, maxLength: 64, size: "max" }),
      picks: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 5, maxLength: maxPeople, size: "max" }),
    })
    .map(({ k, dimCount, sizes, weights, picks }) => {
      const dims: Dim[] = (["site", "language"] as const).slice(0, dimCount).map((name, i) => ({ name, values: ["p", "q", "r"].slice(0, sizes[i]) }));
      const types = typesOf(dims, content.questions);
      // Each type gets a weight (many zero), so some cells are empty, some small, some large.
      const w = types.map((_, i) => weights[(i * 7) % weights.length]! ** 2);
      const totalW = w.reduce((a, b) => a + b, 0) || 1;
      const people = picks.map((u) => {
        let r = u * totalW;
        for (let i = 0; i < types.length; i++) if ((r -= w[i]!) < 0 || i === types.length - 1) return types[i]!;
        return types[0]!;
      });
      return { k, dims, people };
    });
}

describe("suppression properties", () => {
  it("never publishes a count below k, and no hidden or small figure is derivable from the whole release", () => {
    fc.assert(
      fc.property(population(mixed, 90), ({ k, dims, people }) => {
        const r = release(people, dims, mixed, k);
        expect(check(r, people, dims, mixed.questions, k)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it("holds when a required follow-up question is tied to an earlier answer", () => {
    const linked = contentOf([
      { id: "q1", type: "single_choice", required: true, text: { en: "Q1" }, options: ["a", "b", "c"].map((id) => ({ id, text: { en: id } })) },
      { id: "q4", type: "single_choice", required: true, showIf: { questionId: "q1", op: "equals", value: "a" }, text: { en: "Q4" }, options: ["u", "v"].map((id) => ({ id, text: { en: id } })) },
    ]);
    fc.assert(
      fc.property(population(linked, 120), ({ k, dims, people }) => {
        const r = release(people, dims, linked, k);
        expect(check(r, people, dims, linked.questions, k)).toEqual([]);
      }),
      { numRuns: Number(process.env.LINK_RUNS ?? 150) },
    );
  });

  it("holds for 0–10 ratings with their means, medians and NPS groups", () => {
    const rating = contentOf([
      { id: "nps", type: "rating", text: { en: "Recommend?" } },
      { id: "ok", type: "single_choice", required: true, text: { en: "OK?" }, options: ["y", "n"].map((id) => ({ id, text: { en: id } })) },
    ]);
    fc.assert(
      fc.property(population(rating, 80), ({ k, dims, people }) => {
        const r = release(people, dims, rating, k);
        expect(check(r, people, dims, rating.questions, k)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it("is deterministic, and every published count is zero or at least k", () => {
    fc.assert(
      fc.property(population(mixed, 60), ({ k, dims, people }) => {
        const a = release(people, dims, mixed, k);
        expect(release(people, dims, mixed, k)).toEqual(a);
        const counts = a.questions.flatMap((x) => x.rows.flatMap((row) => [row.all, ...Object.values(row.by).flat()])).filter(Boolean);
        for (const c of counts) expect(c!.count === 0 || c!.count >= k).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
