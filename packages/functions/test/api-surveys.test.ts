// The console API for surveys: create, the builder's content (and versions after launch), settings
// (threshold never below the floor, anonymity fixed after launch), transitions, readiness with
// translation completeness per language, the live preview of the real family form, and the list
// with response rates and the next partner summary.
import { describe, expect, it } from "vitest";
import { Invitation } from "@feedback/core/invitation";
import { Response } from "@feedback/core/response";
import { Survey } from "@feedback/core/survey";
import { api } from "../src/api/app";
import { demoContent } from "../src/local/demo-survey";
import { apiClient } from "./support/api";
import { invite, system } from "./support/fixtures";
import { signedIn } from "./support/session";

async function coordinator(orgId?: string) {
  const who = await signedIn({ orgId });
  const client = apiClient(api);
  client.jar.set("sid", who.headers.cookie.slice(4));
  return { ...who, client };
}

// Loosely typed on purpose: tests send invalid content too.
const content = (extra: Record<string, unknown> = {}): any => ({
  defaultLanguage: "en",
  languages: ["en", "es", "ar"],
  title: { en: "Family survey", es: "Encuesta familiar", ar: "استبيان الأسرة" },
  questions: [
    {
      id: "safe",
      type: "single_choice",
      required: true,
      text: { en: "Does your child feel safe?", es: "¿Su hijo se siente seguro?", ar: "هل يشعر طفلك بالأمان؟" },
      options: [
        { id: "yes", text: { en: "Yes", es: "Sí", ar: "نعم" } },
        { id: "no", text: { en: "No", es: "No" } },
      ],
    },
    { id: "why", type: "long_text", text: { en: "Why not?" }, showIf: { questionId: "safe", op: "equals", value: "no" } },
  ],
  ...extra,
});

describe("surveys API", () => {
  it("creates a draft, reads it back with readiness: translation completeness per language and what is missing", async () => {
    const { client } = await coordinator();
    const created = await client.post("/api/surveys", { content: content() });
    expect(created.status).toBe(201);
    expect(created.body.result).toMatchObject({ status: "draft", anonymity: "anonymous", version: 1, title: { en: "Family survey" } });
    const got = await client.get(`/api/surveys/${created.body.result.id}`);
    expect(got.status).toBe(200);
    const { readiness } = got.body.result;
    // 7 strings: title, question, 2 options, the conditional question (text only). es misses 1, ar misses 2.
    expect(readiness.completeness).toEqual({ en: 100, es: 80, ar: 60 });
    expect(readiness.problems.map((p: { code: string; language?: string }) => [p.code, p.language])).toEqual([
      ["survey.translation_missing", "es"],
      ["survey.translation_missing", "ar"],
    ]);
    const accepted = await client.get(`/api/surveys/${created.body.result.id}/readiness?acceptFallback=true`);
    expect(accepted.body.result.problems).toEqual([]);
  });

  it("lists every problem at once: no questions and a close date in the past", async () => {
    const { client } = await coordinator();
    const { body } = await client.post("/api/surveys", { content: content({ questions: [] }), closesAt: "2020-01-01T00:00:00Z" });
    const ready = await client.get(`/api/surveys/${body.result.id}/readiness`);
    expect(ready.body.result.problems.map((p: { code: string }) => p.code)).toEqual(["survey.no_questions", "survey.close_date_past"]);
  });

  it("refuses invalid content with the path of the problem", async () => {
    const { client } = await coordinator();
    const bad = await client.post("/api/surveys", {
      content: content({ questions: [{ id: "q1", type: "single_choice", text: { en: "Pick" }, options: [{ id: "a", text: { en: "A" } }] }] as never }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^content\.questions\.0\.options: /);
    const showIf = await client.post("/api/surveys", {
      content: content({ questions: [{ id: "later", type: "short_text", text: { en: "?" }, showIf: { questionId: "nope", op: "answered" } }] as never }),
    });
    expect(showIf.status).toBe(400);
    expect(showIf.body.error.message).toMatch(/earlier question/);
  });

  it("saves content while a draft, and after launch saves a new version leaving the launched one frozen", async () => {
    const { client, orgId } = await coordinator();
    const { body } = await client.post("/api/surveys", { content: content() });
    const id = body.result.id;
    const edited = content();
    edited.questions[0]!.options![1]!.text = { en: "No", es: "No", ar: "لا" };
    const saved = await client.put(`/api/surveys/${id}/content`, { content: edited });
    expect(saved.status).toBe(200);
    expect(saved.body.result.survey.version).toBe(1);
    expect(saved.body.result.readiness.completeness.ar).toBe(80);

    expect((await client.post(`/api/surveys/${id}/transition`, { to: "open" })).body.result).toMatchObject({ status: "open", launchedVersion: 1 });
    const reordered = content({ questions: [...content().questions].reverse().map((q: object) => ({ ...q, showIf: undefined })) });
    const after = await client.put(`/api/surveys/${id}/content`, { content: reordered });
    expect(after.body.result.survey).toMatchObject({ version: 2, launchedVersion: 1 });
    expect(after.body.result.content.questions[0].id).toBe("why");
    const launched = await system(() => Survey.getVersion({ orgId, id, version: 1 }));
    expect(launched).toMatchObject({ frozen: true, content: { questions: [{ id: "safe" }, { id: "why" }] } });
  });

  it("settings: the threshold is never below the organisation's floor, and anonymity is fixed after launch", async () => {
    const { client } = await coordinator();
    const { body } = await client.post("/api/surveys", { content: content() });
    const id = body.result.id;
    const low = await client.patch(`/api/surveys/${id}/settings`, { privacyThreshold: 7 });
    expect(low.status).toBe(400);
    expect(low.body.error.details.floor).toBe(10);
    const ok = await client.patch(`/api/surveys/${id}/settings`, {
      privacyThreshold: 12,
      dimensions: ["site", "language"],
      reminders: { max: 1, everyDays: 4 },
      anonymity: "confidential",
      closesAt: "2099-01-01T00:00:00Z",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.result).toMatchObject({ privacyThreshold: 12, dimensions: ["site", "language"], reminders: { max: 1, everyDays: 4 }, anonymity: "confidential" });
    await client.post(`/api/surveys/${id}/transition`, { to: "open" });
    const locked = await client.patch(`/api/surveys/${id}/settings`, { anonymity: "anonymous" });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe("survey.anonymity_locked");
  });

  it("transitions: close and reopen; never back to draft", async () => {
    const { client } = await coordinator();
    const { body } = await client.post("/api/surveys", { content: content() });
    const id = body.result.id;
    expect((await client.post(`/api/surveys/${id}/transition`, { to: "closed" })).status).toBe(409);
    expect((await client.post(`/api/surveys/${id}/transition`, { to: "open" })).status).toBe(200);
    expect((await client.post(`/api/surveys/${id}/transition`, { to: "closed" })).body.result.status).toBe("closed");
    expect((await client.post(`/api/surveys/${id}/transition`, { to: "draft" })).status).toBe(409);
    expect((await client.post(`/api/surveys/${id}/transition`, { to: "open" })).body.result.status).toBe("open");
  });

  it("previews the real family form from unsaved content, in Arabic right to left, with the stylesheet inlined", async () => {
    const { client } = await coordinator();
    const { body } = await client.post("/api/surveys", { content: content() });
    const unsaved = content({ title: { en: "Unsaved title", es: "Título sin guardar", ar: "عنوان غير محفوظ" } });
    const res = await client.post(`/api/surveys/${body.result.id}/preview`, { content: unsaved, lang: "ar" });
    expect(res.status).toBe(200);
    const { html, pages, locale } = res.body.result;
    expect(locale).toBe("ar");
    expect(pages).toBe(1);
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(html).toContain("عنوان غير محفوظ");
    expect(html).toContain("<style>");
    expect(html).not.toContain('rel="stylesheet"');
    // The conditional question is in the preview (a family sees it only after answering "No").
    expect(html).toContain("Why not?");
    // Untrusted text stays text.
    const hostile = content({ title: { en: "<script>alert(1)</script>" } });
    const escaped = await client.post(`/api/surveys/${body.result.id}/preview`, { content: hostile, lang: "en" });
    expect(escaped.body.result.html).not.toContain("<script>alert(1)</script>");
  });

  it("lists surveys with status, response rate and the next partner summary", async () => {
    const { client, orgId } = await coordinator();
    const created = await client.post("/api/surveys", { content: demoContent, dimensions: ["site", "language", "channel"] });
    const id = created.body.result.id;
    await client.post("/api/partners", {
      name: "Lakeside College",
      kind: "university",
      contactEmails: ["p@lakeside.example.org"],
      language: "en",
      frequency: "weekly",
      agreement: { start: "2000-01-01", end: "2999-12-31" },
      surveyIds: [id],
    });
    await client.post(`/api/surveys/${id}/transition`, { to: "open" });
    const links = await Promise.all([0, 1, 2, 3].map(() => invite(orgId, id)));
    await system(async () => {
      for (const l of links) await Invitation.setStatus({ token: l.token, status: "sent" });
      await Response.submit({ token: links[0]!.token, answers: { programme: "arts", satisfaction: 4, children: 2, barrier: "none" } });
    });
    const list = await client.get("/api/surveys");
    expect(list.status).toBe(200);
    const row = list.body.result.find((r: { survey: { id: string } }) => r.survey.id === id);
    expect(row.survey.status).toBe("open");
    expect(row.rates).toEqual({ invited: 4, responded: 1, rate: 25, responses: 1 });
    // This week's summary has not gone out yet: it is due now (the job sends it once k families answered).
    expect(row.nextSummary).toMatchObject({ partners: 1, pending: true, kind: "weekly" });
  });

  it("another organisation's survey is not found, whatever the route", async () => {
    const a = await coordinator();
    const b = await coordinator();
    const { body } = await a.client.post("/api/surveys", { content: content() });
    for (const res of [
      await b.client.get(`/api/surveys/${body.result.id}`),
      await b.client.put(`/api/surveys/${body.result.id}/content`, { content: content() }),
      await b.client.post(`/api/surveys/${body.result.id}/preview`, { lang: "en" }),
    ])
      expect(res.status).toBe(404);
    expect((await b.client.get("/api/surveys")).body.result).toEqual([]);
  });
});
