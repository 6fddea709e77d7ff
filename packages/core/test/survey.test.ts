// Surveys against DynamoDB Local: creation with a public slug is all-or-nothing, versions freeze at
// launch, only legal transitions happen (and only once under a race), and the open-survey index is sparse.
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Clock } from "../src/clock";
import { Survey } from "../src/survey";
import { createId } from "../src/util";
import { as, beforeNext, content, coordinatorOf, newOrg, rawGet, system } from "./fixtures";

afterEach(() => {
  vi.restoreAllMocks();
});

const newSurvey = async (orgId: string, extra: Partial<Parameters<typeof Survey.create>[0]> = {}) =>
  system(() => Survey.create({ orgId, content: content(), ...extra }));
const launch = (orgId: string, id: string) => system(() => Survey.transition({ orgId, id, to: "open" }));
const versionItem = (id: string, version: number) => rawGet({ pk: `SURVEY#${id}`, sk: `VERSION#${String(version).padStart(6, "0")}` });
const slug = () => `s-${Math.random().toString(36).slice(2, 10)}`;

describe("creating surveys", () => {
  it("creates a draft with version 1 and its public slug, listed under its organisation", async () => {
    const org = await newOrg();
    const s = slug();
    const survey = await newSurvey(org.id, { slug: s });
    expect(survey).toMatchObject({ status: "draft", version: 1, anonymity: "anonymous", slug: s, title: { en: "How are we doing?" } });
    expect(survey.launchedVersion).toBeUndefined();
    expect(await versionItem(survey.id, 1)).toMatchObject({ frozen: false, version: 1 });
    expect(await rawGet({ pk: `SLUG#${s}`, sk: "SLUG" })).toMatchObject({ orgId: org.id, surveyId: survey.id });
    const coordinator = coordinatorOf(org.id);
    expect(await as(coordinator, () => Survey.get({ orgId: org.id, id: survey.id }))).toEqual(survey);
    expect((await as(coordinator, () => Survey.list(org.id))).map((x) => x.id)).toEqual([survey.id]);
  });

  it("refuses a taken slug with survey.slug_taken and writes nothing of the second survey", async () => {
    const org = await newOrg();
    const s = slug();
    await newSurvey(org.id, { slug: s });
    const id = createId("srv");
    await expect(newSurvey(org.id, { slug: s, id })).rejects.toMatchObject({ kind: "conflict", code: "survey.slug_taken" });
    expect(await rawGet({ pk: `ORG#${org.id}`, sk: `SURVEY#${id}` })).toBeUndefined();
    expect(await versionItem(id, 1)).toBeUndefined();
    expect((await system(() => Survey.list(org.id))).map((x) => x.id)).not.toContain(id);
  });

  it("refuses an existing survey id as a conflict", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    await expect(newSurvey(org.id, { id: survey.id })).rejects.toMatchObject({ kind: "conflict", code: "survey.exists" });
  });

  it("hides another organisation's survey as not found", async () => {
    const [a, b] = await Promise.all([newOrg("A"), newOrg("B")]);
    const survey = await newSurvey(a.id);
    await expect(as(coordinatorOf(b.id), () => Survey.get({ orgId: a.id, id: survey.id }))).rejects.toMatchObject({ kind: "not_found" });
    await expect(as(coordinatorOf(b.id), () => Survey.get({ orgId: b.id, id: survey.id }))).rejects.toMatchObject({ code: "survey.not_found" });
  });
});

describe("public links", () => {
  it("open only launched surveys", async () => {
    const org = await newOrg();
    const s = slug();
    const survey = await newSurvey(org.id, { slug: s });
    expect(await Survey.bySlug(s)).toBeUndefined();
    await launch(org.id, survey.id);
    const found = await Survey.bySlug(s);
    expect(found).toMatchObject({ info: { id: survey.id, status: "open" }, version: 1 });
    expect(found!.content.questions.map((q) => q.id)).toEqual(["safe", "comment"]);
  });

  it("answer undefined for unknown and malformed slugs without a lookup error", async () => {
    expect(await Survey.bySlug("no-such-survey")).toBeUndefined();
    expect(await Survey.bySlug("../../etc")).toBeUndefined();
    expect(await Survey.bySlug("")).toBeUndefined();
  });
});

describe("versions", () => {
  it("overwrite version 1 while the survey is a draft", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    const edited = content({ title: { en: "Edited", es: "Editado" } });
    const saved = await system(() => Survey.saveContent({ orgId: org.id, id: survey.id, content: edited }));
    expect(saved).toMatchObject({ version: 1, title: { en: "Edited" } });
    expect((await system(() => Survey.getVersion({ orgId: org.id, id: survey.id, version: 1 }))).content.title.en).toBe("Edited");
    expect(await versionItem(survey.id, 2)).toBeUndefined();
  });

  it("after launch, create version 2 and leave the launched version 1 frozen and unchanged", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    await launch(org.id, survey.id);
    const edited = content({ title: { en: "Second", es: "Segundo" } });
    const saved = await system(() => Survey.saveContent({ orgId: org.id, id: survey.id, content: edited }));
    expect(saved).toMatchObject({ version: 2, launchedVersion: 1, title: { en: "Second" } });
    const v1 = await system(() => Survey.getVersion({ orgId: org.id, id: survey.id, version: 1 }));
    const v2 = await system(() => Survey.getVersion({ orgId: org.id, id: survey.id, version: 2 }));
    expect(v1).toMatchObject({ frozen: true, content: { title: { en: "How are we doing?" } } });
    expect(v2).toMatchObject({ frozen: false, content: { title: { en: "Second" } } });
    // Families still answer version 1.
    expect((await Survey.forFamily(org.id, survey.id))!.version).toBe(1);
    // A further edit overwrites the unlaunched version 2 rather than making a third.
    await system(() => Survey.saveContent({ orgId: org.id, id: survey.id, content: content({ title: { en: "Third", es: "Tercero" } }) }));
    expect(await versionItem(survey.id, 3)).toBeUndefined();
    expect((await versionItem(survey.id, 1))?.content).toMatchObject({ title: { en: "How are we doing?" } });
  });

  it("launch the newest version when a closed survey is reopened after an edit", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    await launch(org.id, survey.id);
    await system(() => Survey.saveContent({ orgId: org.id, id: survey.id, content: content({ title: { en: "New", es: "Nuevo" } }) }));
    await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "closed" }));
    const reopened = await launch(org.id, survey.id);
    expect(reopened).toMatchObject({ status: "open", launchedVersion: 2, launchedAt: expect.any(String) });
    expect(await versionItem(survey.id, 2)).toMatchObject({ frozen: true });
    expect((await Survey.forFamily(org.id, survey.id))!.content.title.en).toBe("New");
  });
});

describe("transitions", () => {
  it("go draft → open → closed → open", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    expect(await launch(org.id, survey.id)).toMatchObject({ status: "open", launchedVersion: 1 });
    expect(await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "closed" }))).toMatchObject({ status: "closed" });
    expect(await launch(org.id, survey.id)).toMatchObject({ status: "open" });
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ status: "open" });
  });

  it.each([
    ["draft", "closed"],
    ["open", "draft"],
    ["closed", "draft"],
    ["open", "open"],
  ] as const)("refuse %s → %s as survey.illegal_transition", async (from, to) => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    if (from !== "draft") await launch(org.id, survey.id);
    if (from === "closed") await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "closed" }));
    await expect(system(() => Survey.transition({ orgId: org.id, id: survey.id, to }))).rejects.toMatchObject({
      kind: "conflict",
      code: "survey.illegal_transition",
      details: { from, to },
    });
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ status: from });
  });

  it("refuse to launch a survey with no questions and a past close date, listing both problems", async () => {
    const org = await newOrg();
    const survey = await system(() =>
      Survey.create({ orgId: org.id, content: content({ questions: [] }), closesAt: "2020-01-01T00:00:00Z" }),
    );
    const error = await launch(org.id, survey.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "conflict", code: "survey.no_questions" });
    expect((error as { details: { problems: { code: string }[] } }).details.problems.map((p) => p.code)).toEqual([
      "survey.no_questions",
      "survey.close_date_past",
    ]);
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ status: "draft" });
    expect(await versionItem(survey.id, 1)).toMatchObject({ frozen: false });
  });

  it("let exactly one of two simultaneous launches succeed", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    const results = await Promise.allSettled([launch(org.id, survey.id), launch(org.id, survey.id)]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toMatchObject({ kind: "conflict" });
    expect(["survey.changed", "survey.illegal_transition"]).toContain(failed[0]!.reason.code);
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ status: "open", launchedVersion: 1 });
  });

  it("refuse a launch when the content was saved after the launch checks ran", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    // The questions are all removed between the launch's checks and its write.
    beforeNext(TransactWriteCommand, () => system(() => Survey.saveContent({ orgId: org.id, id: survey.id, content: content({ questions: [] }) })));
    await expect(launch(org.id, survey.id)).rejects.toMatchObject({ kind: "conflict", code: "survey.changed" });
    vi.restoreAllMocks();
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ status: "draft" });
    expect(await versionItem(survey.id, 1)).toMatchObject({ frozen: false });
    await expect(launch(org.id, survey.id)).rejects.toMatchObject({ code: "survey.no_questions" });
  });

  it("keep the open-survey index to open surveys only", async () => {
    const org = await newOrg();
    const [draft, open, closed] = await Promise.all([newSurvey(org.id), newSurvey(org.id), newSurvey(org.id)]);
    await launch(org.id, open.id);
    await launch(org.id, closed.id);
    await system(() => Survey.transition({ orgId: org.id, id: closed.id, to: "closed" }));
    // DynamoDB Local updates a GSI immediately; in AWS this read is eventually consistent, which the jobs tolerate.
    const listed = (await system(() => Survey.listOpen())).filter((s) => s.orgId === org.id);
    expect(listed.map((s) => s.id)).toEqual([open.id]);
    expect(listed[0]).toMatchObject({ status: "open", launchedVersion: 1 });
    expect(listed.map((s) => s.id)).not.toContain(draft.id);
    expect(await rawGet({ pk: `ORG#${org.id}`, sk: `SURVEY#${closed.id}` })).not.toHaveProperty("gsi1pk");
  });

  it("list open surveys for the system only", async () => {
    const org = await newOrg();
    await expect(as(coordinatorOf(org.id, "admin"), () => Survey.listOpen())).rejects.toMatchObject({ kind: "forbidden" });
  });
});

describe("settings", () => {
  it("change only what an update names", async () => {
    const org = await newOrg();
    const survey = await system(() =>
      Survey.create({ orgId: org.id, content: content(), anonymity: "confidential", dimensions: ["site", "language"], partnerIds: ["ptn_1"] }),
    );
    const updated = await system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, privacyThreshold: 20 }));
    expect(updated).toMatchObject({ privacyThreshold: 20, anonymity: "confidential", dimensions: ["site", "language"], partnerIds: ["ptn_1"] });
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ anonymity: "confidential", dimensions: ["site", "language"] });
  });

  it("refuse an anonymity change when the survey is launched between the check and the write", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    // The settings write is a single UpdateItem; the launch lands just before it.
    beforeNext(UpdateCommand, () => launch(org.id, survey.id));
    await expect(system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, anonymity: "confidential" }))).rejects.toMatchObject({
      kind: "conflict",
      code: "survey.anonymity_locked",
    });
    vi.restoreAllMocks();
    expect(await system(() => Survey.get({ orgId: org.id, id: survey.id }))).toMatchObject({ status: "open", anonymity: "anonymous" });
  });

  it("let the anonymity mode change before launch but never after", async () => {
    const org = await newOrg();
    const survey = await newSurvey(org.id);
    expect(await system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, anonymity: "confidential" }))).toMatchObject({
      anonymity: "confidential",
    });
    await launch(org.id, survey.id);
    await expect(system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, anonymity: "anonymous" }))).rejects.toMatchObject({
      kind: "conflict",
      code: "survey.anonymity_locked",
    });
    // Other settings can still change after launch.
    expect(await system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, anonymity: "confidential", privacyThreshold: 12 }))).toMatchObject({
      privacyThreshold: 12,
    });
  });

  it("decide availability from status and dates", () => {
    const restore = Clock.set(new Date("2025-03-10T12:00:00Z"));
    try {
      const info = { status: "open", opensAt: "2025-03-01T00:00:00Z", closesAt: "2025-03-20T00:00:00Z" } as Survey.Info;
      expect(Survey.availability(info)).toBe("open");
      expect(Survey.availability({ ...info, opensAt: "2025-03-11T00:00:00Z" })).toBe("not_yet_open");
      expect(Survey.availability({ ...info, closesAt: "2025-03-10T12:00:00Z" })).toBe("closed");
      expect(Survey.availability({ ...info, status: "draft" })).toBe("not_yet_open");
      expect(Survey.availability({ ...info, status: "closed" })).toBe("closed");
    } finally {
      restore();
    }
  });
});
