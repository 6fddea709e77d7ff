// Retention and erasure against DynamoDB Local (DESIGN §3 rule 7). Closing a survey stamps `expiresAt`
// (close time + the organisation's retentionDays) on every response, invitation and device marker, and
// brings drafts' expiry forward, a page at a time and resumably; reopening takes it off again. Erasing a
// survey leaves nothing of it in the table, touches no other survey, and refuses other organisations.
// DynamoDB Local has no TTL, so the tests read the attribute with a raw Scan.
process.env.TOKEN_SECRET ??= "test-secret";
// Two items a page, so that every pass needs several pages and calls.
process.env.RETENTION_PAGE_SIZE = "2";
// No wait for late answers, except in the test of that wait.
process.env.ERASE_SETTLE_MS = "0";

import { randomBytes } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Clock } from "../src/clock";
import { Contact } from "../src/contact";
import { Invitation } from "../src/invitation";
import { Organisation } from "../src/organisation";
import { Response } from "../src/response";
import { saveDraft } from "../src/response/draft";
import { submitPublic } from "../src/response/public";
import { Retention } from "../src/retention";
import { Store } from "../src/store";
import { Survey } from "../src/survey";
import { as, content, coordinatorOf, newOrg, rawScan, system } from "./fixtures";

afterEach(() => {
  vi.restoreAllMocks();
});

const slug = () => `r-${randomBytes(4).toString("hex")}`;
const device = () => randomBytes(16).toString("base64url");

/** An open survey with invitations (two answered, one with a saved draft), and two public-link answers. */
async function survey(orgId: string, anonymity: "anonymous" | "confidential" = "anonymous") {
  const s = slug();
  const info = await system(() => Survey.create({ orgId, content: content(), slug: s, anonymity, dimensions: ["language"] }));
  await system(() => Survey.transition({ orgId, id: info.id, to: "open" }));
  const tokens: string[] = [];
  for (let i = 0; i < 4; i++) {
    const contact = await system(() => Contact.create({ orgId, name: `Family ${i}`, email: `f${i}.${randomBytes(3).toString("hex")}@x.example`, language: "en" }));
    const { token } = await system(() => Invitation.create({ orgId, surveyId: info.id, contactId: contact.id, channel: "email", language: "en", dimensions: {} }));
    tokens.push(token);
  }
  await Response.submit({ token: tokens[0]!, answers: { safe: "yes" } });
  await Response.submit({ token: tokens[1]!, answers: { safe: "no" } });
  await saveDraft({ kind: "invitation", token: tokens[2]! }, { surveyId: info.id, version: 1, answers: { safe: "no" } });
  for (let i = 0; i < 2; i++) await submitPublic({ slug: s, device: device(), language: "en", answers: { safe: "yes" } });
  await saveDraft({ kind: "device", surveyId: info.id, device: device() }, { surveyId: info.id, version: 1, answers: { safe: "no" } });
  return { ...info, slug: s };
}

/** Runs a pass to the end, a page per call (the budget runs out at once), as the job and the API do. */
async function applyAll(orgId: string, surveyId: string) {
  let calls = 0;
  for (;;) {
    calls++;
    const progress = await system(() => Retention.apply({ orgId, surveyId, budgetMs: 1 }));
    if (progress.done) return calls;
    expect(progress.running).toBeFalsy();
    expect(calls).toBeLessThan(50);
  }
}

const ofSurvey = (items: Record<string, unknown>[], surveyId: string) => items.filter((i) => JSON.stringify(i).includes(surveyId));
const byType = (items: Record<string, unknown>[], type: string) => items.filter((i) => i.type === type);

describe("retention at close", () => {
  it("stamps close time + retentionDays on every response, invitation and device marker, and brings drafts forward", async () => {
    const org = await newOrg();
    await system(() => Organisation.update({ id: org.id, retentionDays: 30 }));
    const s = await survey(org.id);
    const unstamped = byType(ofSurvey(await rawScan(), s.id), "response");
    const closed = await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "closed" }));
    expect(closed.closedAt).toBeDefined();
    const target = Clock.epochSeconds(new Date(closed.closedAt!)) + 30 * 86_400;
    expect(await applyAll(org.id, s.id)).toBeGreaterThan(3);

    const items = ofSurvey(await rawScan(), s.id);
    const responses = byType(items, "response");
    const invitations = byType(items, "invitation");
    const markers = byType(items, "device_answered");
    expect([responses.length, invitations.length, markers.length]).toEqual([4, 4, 2]);
    for (const i of [...responses, ...invitations, ...markers]) expect(i.expiresAt, String(i.sk)).toBe(target);
    // Drafts already expire 30 days after their last save: retention never keeps them longer.
    const drafts = items.filter((i) => i.sk === "DRAFT");
    expect(drafts).toHaveLength(2);
    for (const d of drafts) expect(Number(d.expiresAt)).toBeLessThanOrEqual(target);
    // Anonymous responses gained the expiry and nothing else (DESIGN §3 rule 3).
    for (const r of responses) expect(r).toEqual({ ...unstamped.find((u) => u.sk === r.sk), expiresAt: target });
    for (const r of responses) for (const k of ["contactId", "invitationId", "createdAt", "submittedAt"]) expect(r).not.toHaveProperty(k);
    const state = items.find((i) => i.sk === "RETENTION")!;
    expect(state).toMatchObject({ done: true, target });
    expect(state).not.toHaveProperty("gsi1pk");
  });

  it("follows the organisation's retention setting (the default is 730 days)", async () => {
    const org = await newOrg();
    const s = await survey(org.id);
    const closed = await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "closed" }));
    await applyAll(org.id, s.id);
    const target = Clock.epochSeconds(new Date(closed.closedAt!)) + 730 * 86_400;
    for (const r of byType(ofSurvey(await rawScan(), s.id), "response")) expect(r.expiresAt).toBe(target);
  });

  it("reopening takes the expiry off, and closing again sets it from the new close", async () => {
    const org = await newOrg();
    const s = await survey(org.id, "confidential");
    await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "closed" }));
    await applyAll(org.id, s.id);
    const reopened = await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "open" }));
    expect(reopened.closedAt).toBeUndefined();
    await applyAll(org.id, s.id);
    let items = ofSurvey(await rawScan(), s.id);
    for (const i of [...byType(items, "response"), ...byType(items, "invitation"), ...byType(items, "device_answered")]) expect(i).not.toHaveProperty("expiresAt");
    // Drafts keep their own expiry (never removed: an unfinished answer always expires).
    for (const d of items.filter((i) => i.sk === "DRAFT")) expect(d.expiresAt).toBeTypeOf("number");

    const restore = Clock.set(new Date(Date.now() + 5 * 86_400_000));
    try {
      const again = await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "closed" }));
      await applyAll(org.id, s.id);
      const target = Clock.epochSeconds(new Date(again.closedAt!)) + 730 * 86_400;
      items = ofSurvey(await rawScan(), s.id);
      for (const i of [...byType(items, "response"), ...byType(items, "invitation")]) expect(i.expiresAt).toBe(target);
    } finally {
      restore();
    }
  });

  it("a pass for a close that was undone stops, and the reopen's pass wins", async () => {
    const org = await newOrg();
    const s = await survey(org.id);
    await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "closed" }));
    // Half a pass for the close…
    expect((await system(() => Retention.apply({ orgId: org.id, surveyId: s.id, budgetMs: 1 }))).done).toBe(false);
    await system(() => Survey.transition({ orgId: org.id, id: s.id, to: "open" }));
    await applyAll(org.id, s.id);
    const items = ofSurvey(await rawScan(), s.id);
    for (const i of [...byType(items, "response"), ...byType(items, "invitation"), ...byType(items, "device_answered")]) expect(i).not.toHaveProperty("expiresAt");
  });

  it("the hourly sweep closes surveys past their close date and finishes every pass owed", async () => {
    const org = await newOrg();
    const s = await survey(org.id);
    await system(() => Survey.updateSettings({ orgId: org.id, id: s.id, closesAt: new Date(Date.now() + 86_400_000).toISOString() }));
    const restore = Clock.set(new Date(Date.now() + 2 * 86_400_000));
    try {
      const result = await system(() => Retention.sweep());
      expect(result.closed).toBeGreaterThanOrEqual(1);
      const after = await system(() => Survey.get({ orgId: org.id, id: s.id }));
      expect(after.status).toBe("closed");
      for (const r of byType(ofSurvey(await rawScan(), s.id), "response")) expect(r.expiresAt).toBe(Clock.epochSeconds(new Date(after.closedAt!)) + 730 * 86_400);
    } finally {
      restore();
    }
  });
});

describe("erasing a survey", () => {
  it("leaves no item of the survey, touches no other survey, and a second erase changes nothing", async () => {
    const org = await newOrg();
    const keep = await survey(org.id);
    const gone = await survey(org.id, "confidential");
    await system(() => Survey.transition({ orgId: org.id, id: gone.id, to: "closed" }));
    const before = await rawScan();
    const kept = ofSurvey(before, keep.id);
    expect(ofSurvey(before, gone.id).length).toBeGreaterThan(15);

    const coordinator = coordinatorOf(org.id);
    let calls = 0;
    for (;;) {
      calls++;
      const progress = await as(coordinator, () => Retention.eraseSurvey({ orgId: org.id, surveyId: gone.id, budgetMs: 1 }));
      if (progress.done) break;
      expect(calls).toBeLessThan(50);
    }
    expect(calls).toBeGreaterThan(1);
    const after = await rawScan();
    expect(ofSurvey(after, gone.id)).toEqual([]);
    expect(after.filter((i) => i.pk === `SLUG#${gone.slug}`)).toEqual([]);
    expect(ofSurvey(after, keep.id)).toEqual(kept);
    // Contacts are the organisation's, not the survey's: they stay (erased one by one).
    expect(byType(after, "contact").length).toBe(byType(before, "contact").length);

    await expect(as(coordinator, () => Retention.eraseSurvey({ orgId: org.id, surveyId: gone.id }))).rejects.toMatchObject({ kind: "not_found" });
    expect(await rawScan()).toEqual(after);
  });

  it("another organisation's coordinator cannot erase it, and nothing changes", async () => {
    const [org, other] = await Promise.all([newOrg(), newOrg("Elsewhere")]);
    const s = await survey(org.id);
    const before = await rawScan();
    await expect(as(coordinatorOf(other.id), () => Retention.eraseSurvey({ orgId: other.id, surveyId: s.id }))).rejects.toMatchObject({ kind: "not_found" });
    await expect(as(coordinatorOf(other.id), () => Retention.eraseSurvey({ orgId: org.id, surveyId: s.id }))).rejects.toMatchObject({ kind: "not_found" });
    expect(await rawScan()).toEqual(before);
  });

  it("waits out the window in which another process may still store an answer, then removes it too", async () => {
    const restore = Clock.set(new Date("2026-06-01T10:00:00Z"));
    vi.stubEnv("ERASE_SETTLE_MS", "15000");
    try {
      const org = await newOrg();
      const s = await survey(org.id);
      const coordinator = coordinatorOf(org.id);
      const erase = () => as(coordinator, () => Retention.eraseSurvey({ orgId: org.id, surveyId: s.id }));
      // A clean pass, but within the window: not done, and the survey is still there to call again.
      expect(await erase()).toMatchObject({ done: false });
      expect(ofSurvey(await rawScan(), s.id).filter((i) => i.type === "survey")).toHaveLength(1);
      expect((await rawScan()).filter((i) => i.pk === `SLUG#${s.slug}`)).toEqual([]); // the public link is gone at once
      // A form process whose cache still said "open" stores an answer now (written as that submit would).
      await Store.client().send(new PutCommand({ TableName: Store.table(), Item: { pk: `SURVEY#${s.id}`, sk: "RESP#late", type: "response", surveyId: s.id } }));
      Clock.set(new Date("2026-06-01T10:00:16Z"));
      expect(await erase()).toMatchObject({ done: true });
      expect(ofSurvey(await rawScan(), s.id)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
      process.env.ERASE_SETTLE_MS = "0";
      restore();
    }
  });

  it("a survey being erased cannot be reopened", async () => {
    const org = await newOrg();
    const s = await survey(org.id);
    await system(() => Retention.eraseSurvey({ orgId: org.id, surveyId: s.id, budgetMs: 1 }));
    await expect(system(() => Survey.transition({ orgId: org.id, id: s.id, to: "open" }))).rejects.toMatchObject({ code: "survey.erasing" });
  });
});
