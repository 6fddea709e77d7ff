// The Content schema: what a coordinator may save. Each refinement rejects one authoring mistake
// at the path where the console shows it.
import { describe, expect, it } from "vitest";
import { Content, completeness } from "./content";

const t = (en: string, es?: string) => (es ? { en, es } : { en });
const yesNo = [
  { id: "yes", text: t("Yes", "Sí") },
  { id: "no", text: t("No", "No") },
];
const base = () => ({
  defaultLanguage: "en",
  languages: ["en", "es"],
  title: t("Survey", "Encuesta"),
  questions: [
    { id: "q1", type: "single_choice", text: t("One", "Uno"), options: yesNo },
    { id: "q2", type: "rating", text: t("Two", "Dos"), page: 2 },
  ] as Record<string, unknown>[],
});

/** The issues of an invalid content, as "path: message". */
function issues(value: unknown) {
  const result = Content.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("survey content", () => {
  it("accepts a valid survey and fills question defaults", () => {
    const parsed = Content.parse(base());
    expect(parsed.questions[0]).toMatchObject({ required: false, page: 1 });
    expect(issues(base())).toEqual([]);
  });

  it("refuses a default language that is not one of the survey's languages", () => {
    expect(issues({ ...base(), languages: ["es"] })).toEqual(["languages: The default language must be one of the survey's languages."]);
  });

  it("refuses a title without the default language", () => {
    expect(issues({ ...base(), title: { es: "Encuesta" } })).toEqual(["title: The title needs the default language."]);
  });

  it("refuses a question without text in the default language", () => {
    const c = base();
    c.questions[1] = { ...c.questions[1], text: { es: "Dos" } };
    expect(issues(c)).toEqual(["questions.1.text: Every question needs text in the default language."]);
  });

  it("refuses an option without text in the default language", () => {
    const c = base();
    c.questions[0] = { ...c.questions[0], options: [yesNo[0], { id: "no", text: { es: "No" } }] };
    expect(issues(c)).toEqual(["questions.0.options.1.text: Every option needs text in the default language."]);
  });

  it("refuses a question id used twice", () => {
    const c = base();
    c.questions[1] = { ...c.questions[1], id: "q1" };
    expect(issues(c)).toEqual(["questions.1.id: Question id q1 is used twice."]);
  });

  it("refuses an option id used twice", () => {
    const c = base();
    c.questions[0] = { ...c.questions[0], options: [yesNo[0], yesNo[0]] };
    expect(issues(c)).toEqual(["questions.0.options: Option ids must be unique."]);
  });

  it("refuses pages that go backwards", () => {
    const c = base();
    c.questions.push({ id: "q3", type: "short_text", text: t("Three"), page: 1 });
    expect(issues(c)).toEqual(["questions.2.page: Pages must not go backwards."]);
  });

  it("refuses a number question whose minimum is above its maximum", () => {
    const c = base();
    c.questions.push({ id: "n", type: "number", text: t("N"), min: 10, max: 2, page: 2 });
    expect(issues(c)).toEqual(["questions.2.max: The maximum must not be below the minimum."]);
  });

  it("refuses malformed ids and language tags", () => {
    const c = base();
    c.questions[0] = { ...c.questions[0], id: "Bad Id" };
    expect(issues(c)[0]).toMatch(/^questions\.0\.id: Use lowercase letters/);
    expect(issues({ ...base(), defaultLanguage: "english" })[0]).toMatch(/^defaultLanguage: Use a language tag/);
  });

  describe("show-if", () => {
    const withCondition = (showIf: unknown, at = 1) => {
      const c = base();
      c.questions[at] = { ...c.questions[at], showIf };
      return c;
    };

    it("accepts a condition on an earlier question's option", () => {
      expect(issues(withCondition({ questionId: "q1", op: "equals", value: "yes" }))).toEqual([]);
      expect(issues(withCondition({ questionId: "q1", op: "answered" }))).toEqual([]);
    });

    it("refuses a condition on a later question, or on the question itself", () => {
      expect(issues(withCondition({ questionId: "q2", op: "answered" }, 0))).toEqual([
        "questions.0.showIf.questionId: A condition can only refer to an earlier question.",
      ]);
      expect(issues(withCondition({ questionId: "q2", op: "answered" }, 1))).toEqual([
        "questions.1.showIf.questionId: A condition can only refer to an earlier question.",
      ]);
    });

    it("refuses a condition on a question that does not exist", () => {
      expect(issues(withCondition({ questionId: "nowhere", op: "answered" }))).toEqual([
        "questions.1.showIf.questionId: A condition can only refer to an earlier question.",
      ]);
    });

    it("refuses a condition on an option the question does not offer", () => {
      expect(issues(withCondition({ questionId: "q1", op: "equals", value: "maybe" }))).toEqual([
        "questions.1.showIf.value: The condition refers to an option that question does not offer.",
      ]);
      // A number can never equal an option id, so it would hide the question from everyone.
      expect(issues(withCondition({ questionId: "q1", op: "equals", value: 1 }))).toEqual([
        "questions.1.showIf.value: The condition refers to an option that question does not offer.",
      ]);
    });

    it("refuses a comparison without a value", () => {
      expect(issues(withCondition({ questionId: "q1", op: "equals" }))).toEqual(["questions.1.showIf.value: This condition needs a value."]);
    });

    it("refuses a value of the wrong kind for the question, which could never match", () => {
      const c = base();
      c.questions.push({ id: "q3", type: "short_text", text: t("Three"), page: 2, showIf: { questionId: "q2", op: "equals", value: "7" } });
      expect(issues(c)).toEqual(["questions.2.showIf.value: This condition needs a number."]);
      c.questions[2] = { ...c.questions[2], showIf: { questionId: "q2", op: "gte", value: 7 } };
      expect(issues(c)).toEqual([]);
      c.questions[2] = { ...c.questions[2], showIf: { questionId: "q1", op: "gte", value: 1 } };
      expect(issues(c)).toEqual([
        "questions.2.showIf.value: Greater-than and less-than conditions need a number and a likert, rating or number question.",
      ]);
    });
  });

  it("measures how much of the survey is translated", () => {
    const c = Content.parse(base());
    expect(completeness(c, "en")).toBe(100);
    expect(completeness(c, "es")).toBe(100);
    expect(completeness(c, "fr")).toBe(0);
    const partly = Content.parse({ ...base(), intro: t("Welcome") });
    expect(completeness(partly, "es")).toBe(Math.floor((100 * 5) / 6));
  });
});
