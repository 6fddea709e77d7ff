// Validation of a family's answers: every error case has its own code, show-if hides questions from
// both the required check and storage, and page saves only require their own pages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Content, type Question } from "../survey/content";
import { errorCodes, validate, visibleQuestions, type FieldError } from "./validate";

const t = (en: string) => ({ en });
const yesNo = [
  { id: "yes", text: t("Yes") },
  { id: "no", text: t("No") },
];
const survey = (questions: unknown[]) => Content.parse({ defaultLanguage: "en", languages: ["en"], title: t("Survey"), questions });
const labels = [1, 2, 3, 4, 5].map((n) => t(`Point ${n}`));

/** One question of every type, all optional, on page 1. */
const everyType = survey([
  { id: "single", type: "single_choice", text: t("Pick one"), options: yesNo },
  { id: "multi", type: "multiple_choice", text: t("Pick some"), options: [...yesNo, { id: "maybe", text: t("Maybe") }], maxChoices: 2 },
  { id: "likert", type: "likert", text: t("Agree?"), labels },
  { id: "rating", type: "rating", text: t("Rate us") },
  { id: "short", type: "short_text", text: t("One word"), maxLength: 5 },
  { id: "long", type: "long_text", text: t("Tell us"), maxLength: 10 },
  { id: "count", type: "number", text: t("How many children?"), min: 1, max: 12 },
  { id: "hours", type: "number", text: t("Hours a week"), integer: false, min: 0, max: 168 },
]);

const errorsOf = (input: Record<string, unknown>, content = everyType, opts?: { pages?: number[] }) => validate(content, input, opts).errors;
const only = (error: FieldError) => [error];

describe("answers are validated against the survey version", () => {
  it("accepts a full set of well-formed answers and stores them in their normal form", () => {
    const result = validate(everyType, {
      single: "yes",
      multi: ["maybe", "yes", "yes"],
      likert: 4,
      rating: 0,
      short: "  fine ",
      long: "ok",
      count: 3,
      hours: 7.5,
    });
    expect(result.errors).toEqual([]);
    // Choices come back de-duplicated in the question's option order; text is trimmed.
    expect(result.answers).toEqual({ single: "yes", multi: ["yes", "maybe"], likert: 4, rating: 0, short: "fine", long: "ok", count: 3, hours: 7.5 });
  });

  it("reports an answer to a question the survey does not have as unknown, and never stores it", () => {
    const result = validate(everyType, { single: "yes", injected: "x" });
    expect(result.errors).toEqual(only({ questionId: "injected", code: "response.unknown_question" }));
    expect(result.answers).toEqual({ single: "yes" });
  });

  it.each([
    ["single", 1],
    ["single", ["yes"]],
    ["multi", "yes"],
    ["multi", [1, 2]],
    ["likert", "3"],
    ["rating", "7"],
    ["rating", Number.POSITIVE_INFINITY],
    ["short", 5],
    ["long", ["a"]],
    ["count", "12"],
    ["count", Number.NaN],
    ["hours", true],
  ])("reports %s given %j as the wrong type", (questionId, value) => {
    expect(errorsOf({ [questionId]: value })).toEqual(only({ questionId, code: "response.wrong_type" }));
  });

  it.each([undefined, null, "", "   ", []])("treats %j as no answer, which a required question refuses", (value) => {
    const content = survey([{ id: "q", type: "short_text", text: t("Q"), required: true }]);
    expect(errorsOf({ q: value }, content)).toEqual(only({ questionId: "q", code: "response.required" }));
  });

  it("reports a choice the question does not offer", () => {
    expect(errorsOf({ single: "maybe" })).toEqual(only({ questionId: "single", code: "response.invalid_option" }));
    expect(errorsOf({ multi: ["yes", "never"] })).toEqual(only({ questionId: "multi", code: "response.invalid_option" }));
  });

  it("counts text length in characters as a person does (code points), not UTF-16 units", () => {
    // Five emoji are ten UTF-16 units but five characters: within a limit of 5.
    expect(errorsOf({ short: "😀😀😀😀😀" })).toEqual([]);
    expect(errorsOf({ short: "学校很好啊" })).toEqual([]);
    expect(errorsOf({ short: "😀😀😀😀😀😀" })).toEqual(only({ questionId: "short", code: "response.too_long", limit: 5 }));
    expect(errorsOf({ long: "学校很好啊学校很好啊学" })).toEqual(only({ questionId: "long", code: "response.too_long", limit: 10 }));
  });

  it.each([
    ["likert", 0],
    ["likert", 6],
    ["rating", -1],
    ["rating", 11],
    ["count", 0],
    ["count", 13],
    ["hours", -0.5],
    ["hours", 168.5],
  ])("reports %s = %d as out of range", (questionId, value) => {
    expect(errorsOf({ [questionId]: value })).toEqual(only({ questionId, code: "response.out_of_range" }));
  });

  it("accepts the ends of every range", () => {
    expect(errorsOf({ likert: 1, rating: 10, count: 12, hours: 0 })).toEqual([]);
    expect(errorsOf({ likert: 5, rating: 0, count: 1, hours: 168 })).toEqual([]);
  });

  it.each([
    ["likert", 2.5],
    ["rating", 7.5],
    ["count", 3.5],
  ])("reports %s = %d as not a whole number", (questionId, value) => {
    expect(errorsOf({ [questionId]: value })).toEqual(only({ questionId, code: "response.not_integer" }));
  });

  it("allows fractions only where the number question says so", () => {
    expect(errorsOf({ hours: 3.25 })).toEqual([]);
  });

  it("reports too many choices with the limit", () => {
    expect(errorsOf({ multi: ["yes", "no", "maybe"] })).toEqual(only({ questionId: "multi", code: "response.too_many_choices", limit: 2 }));
    // Duplicates count once.
    expect(errorsOf({ multi: ["yes", "yes", "no"] })).toEqual([]);
  });

  it("reports every failing field at once, each with its own code", () => {
    const errors = errorsOf({ single: "x", multi: "x", likert: 9, rating: 2.5, short: "toolong", extra: 1 });
    expect(errors).toEqual(
      expect.arrayContaining([
        { questionId: "extra", code: "response.unknown_question" },
        { questionId: "single", code: "response.invalid_option" },
        { questionId: "multi", code: "response.wrong_type" },
        { questionId: "likert", code: "response.out_of_range" },
        { questionId: "rating", code: "response.not_integer" },
        { questionId: "short", code: "response.too_long", limit: 5 },
      ]),
    );
    expect(errors).toHaveLength(6);
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });

  it("does not mistake a question called constructor for an answered one", () => {
    const content = survey([
      { id: "constructor", type: "short_text", text: t("Q"), required: true },
      { id: "valueof", type: "short_text", text: t("Q") },
      { id: "follow", type: "short_text", text: t("F"), required: true, showIf: { questionId: "constructor", op: "answered" } },
    ]);
    expect(errorsOf({}, content)).toEqual(only({ questionId: "constructor", code: "response.required" }));
    expect(visibleQuestions(content, {}).map((q) => q.id)).toEqual(["constructor", "valueof"]);
  });
});

describe("show-if", () => {
  const branching = survey([
    { id: "has_child", type: "single_choice", text: t("Child at school?"), required: true, options: yesNo },
    { id: "grade", type: "number", text: t("Which grade?"), required: true, showIf: { questionId: "has_child", op: "equals", value: "yes" } },
    { id: "homework", type: "likert", text: t("Homework is fine"), labels, required: true, showIf: { questionId: "grade", op: "gte", value: 6 } },
    { id: "why_not", type: "long_text", text: t("Why not?"), showIf: { questionId: "has_child", op: "not_equals", value: "yes" } },
  ]);

  it("does not require a hidden question", () => {
    expect(errorsOf({ has_child: "no" }, branching)).toEqual([]);
  });

  it("drops answers to hidden questions without storing them or reporting an error", () => {
    const result = validate(branching, { has_child: "no", grade: 7, homework: 3, why_not: "moved away" });
    expect(result.errors).toEqual([]);
    expect(result.answers).toEqual({ has_child: "no", why_not: "moved away" });
  });

  it("requires a question once its condition holds", () => {
    expect(errorsOf({ has_child: "yes" }, branching)).toEqual(only({ questionId: "grade", code: "response.required" }));
    expect(errorsOf({ has_child: "yes", grade: 8 }, branching)).toEqual(only({ questionId: "homework", code: "response.required" }));
    expect(errorsOf({ has_child: "yes", grade: 3 }, branching)).toEqual([]);
  });

  it("never shows a question whose condition is on an unanswered question, even for not_equals", () => {
    const result = validate(branching, { why_not: "x" }, { pages: [] });
    expect(result.answers).toEqual({});
    expect(visibleQuestions(branching, {}).map((q) => q.id)).toEqual(["has_child"]);
  });

  it("hides a whole chain when its first condition fails", () => {
    expect(visibleQuestions(branching, { has_child: "no", grade: 9 }).map((q) => q.id)).toEqual(["has_child", "why_not"]);
  });

  it("evaluates conditions on the checked answer, as the form does: an invalid answer opens nothing", () => {
    const result = validate(branching, { has_child: "yes", grade: 7.5, homework: 2 });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { questionId: "grade", code: "response.not_integer" },
      ]),
    );
    expect(result.answers).toEqual({ has_child: "yes" });
    expect(visibleQuestions(branching, { has_child: "yes", grade: 7.5 }).map((q) => q.id)).toEqual(["has_child", "grade"]);
  });

  it("supports includes and lte on multiple choice and ratings", () => {
    const content = survey([
      { id: "topics", type: "multiple_choice", text: t("Topics"), options: [...yesNo, { id: "food", text: t("Food") }] },
      { id: "food_q", type: "short_text", text: t("Food?"), showIf: { questionId: "topics", op: "includes", value: "food" } },
      { id: "score", type: "rating", text: t("Score") },
      { id: "low", type: "short_text", text: t("Low?"), showIf: { questionId: "score", op: "lte", value: 4 } },
    ]);
    expect(visibleQuestions(content, { topics: ["food", "yes"], score: 4 }).map((q) => q.id)).toEqual(["topics", "food_q", "score", "low"]);
    expect(visibleQuestions(content, { topics: ["yes"], score: 5 }).map((q) => q.id)).toEqual(["topics", "score"]);
  });
});

describe("page saves", () => {
  const paged = survey([
    { id: "p1", type: "short_text", text: t("First"), required: true, page: 1 },
    { id: "p2", type: "rating", text: t("Second"), required: true, page: 2 },
    { id: "p3", type: "short_text", text: t("Third"), required: true, page: 3, maxLength: 3 },
  ]);

  it("require only the pages being saved", () => {
    expect(errorsOf({ p1: "a" }, paged, { pages: [1] })).toEqual([]);
    expect(errorsOf({}, paged, { pages: [2] })).toEqual(only({ questionId: "p2", code: "response.required" }));
    expect(errorsOf({ p1: "a" }, paged, { pages: [1, 2] })).toEqual(only({ questionId: "p2", code: "response.required" }));
  });

  it("still check the type of answers on other pages", () => {
    expect(errorsOf({ p1: "a", p3: "toolong" }, paged, { pages: [1] })).toEqual(only({ questionId: "p3", code: "response.too_long", limit: 3 }));
  });

  it("leave a final submit requiring every page", () => {
    expect(errorsOf({ p1: "a" }, paged).map((e) => e.questionId)).toEqual(["p2", "p3"]);
  });
});

describe("properties", () => {
  const branching = survey([
    { id: "a", type: "single_choice", text: t("A"), required: true, options: yesNo },
    { id: "b", type: "multiple_choice", text: t("B"), options: [...yesNo, { id: "maybe", text: t("Maybe") }], showIf: { questionId: "a", op: "equals", value: "yes" } },
    { id: "c", type: "rating", text: t("C"), required: true, showIf: { questionId: "b", op: "includes", value: "maybe" } },
    { id: "d", type: "number", text: t("D"), min: -5, max: 5, showIf: { questionId: "c", op: "gte", value: 5 } },
    { id: "e", type: "short_text", text: t("E"), maxLength: 10, showIf: { questionId: "a", op: "not_equals", value: "yes" } },
    { id: "f", type: "likert", text: t("F"), labels, required: true },
  ]);

  const validAnswer = (q: Question): fc.Arbitrary<unknown> => {
    switch (q.type) {
      case "single_choice":
        return fc.constantFrom(...q.options.map((o) => o.id));
      case "multiple_choice":
        return fc.subarray(q.options.map((o) => o.id), { minLength: 1, maxLength: q.maxChoices ?? q.options.length });
      case "likert":
        return fc.integer({ min: 1, max: 5 });
      case "rating":
        return fc.integer({ min: 0, max: 10 });
      case "short_text":
      case "long_text":
        return fc.string({ unit: "grapheme", minLength: 1, maxLength: q.maxLength }).filter((s) => s.trim() !== "" && [...s.trim()].length <= q.maxLength);
      case "number":
        return fc.integer({ min: q.min ?? -1000, max: q.max ?? 1000 });
    }
  };
  const validAnswers = fc.record(Object.fromEntries(branching.questions.map((q) => [q.id, validAnswer(q)])) as Record<string, fc.Arbitrary<unknown>>);
  const anything = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.array(fc.string(), { maxLength: 4 }), fc.constant(null), fc.boolean());
  const anyInput = fc.dictionary(fc.oneof(fc.constantFrom(...branching.questions.map((q) => q.id)), fc.string({ minLength: 1, maxLength: 8 })), anything);

  it("never returns an answer for an unknown or hidden question, whatever the input", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { answers, errors } = validate(branching, input);
        const visible = new Set(visibleQuestions(branching, input).map((q) => q.id));
        for (const id of Object.keys(answers)) expect(visible.has(id)).toBe(true);
        const known = new Set(branching.questions.map((q) => q.id));
        for (const id of Object.keys(input)) if (!known.has(id)) expect(errors).toContainEqual({ questionId: id, code: "response.unknown_question" });
      }),
    );
  });

  it("finds no error in valid answers, and stores exactly the visible ones", () => {
    fc.assert(
      fc.property(validAnswers, (input) => {
        const { answers, errors } = validate(branching, input);
        expect(errors).toEqual([]);
        expect(Object.keys(answers).sort()).toEqual(visibleQuestions(branching, input).map((q) => q.id).sort());
      }),
    );
  });

  it("is idempotent: validating stored answers again gives the same answers and no errors", () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const first = validate(branching, input).answers;
        const again = validate(branching, first);
        expect(again.answers).toEqual(first);
        expect(again.errors.filter((e) => e.code !== "response.required")).toEqual([]);
      }),
    );
  });
});
