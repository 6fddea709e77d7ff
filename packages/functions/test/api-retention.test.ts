// Retention and erasure through the console API (DESIGN §3 rule 7), against DynamoDB Local: closing a
// survey stamps `expiresAt` on its responses, invitations and drafts, reopening removes it; erasing a
// survey leaves nothing of it in the table (read with a raw Scan), spares the organisation's other
// surveys, is harmless a second time, and another organisation's coordinator gets a 404 and changes nothing.
// No wait for late answers here (core retention.test.ts covers it): each erase finishes in one call.
process.env.ERASE_SETTLE_MS = "0";
import { describe, expect, it } from "vitest";
import { Organisation } from "@feedback/core/organisation";
import { Response } from "@feedback/core/response";
import { saveDraft } from "@feedback/core/response/draft";
import { Store } from "@feedback/core/store";
import { Survey } from "@feedback/core/survey";
import { api } from "../src/api/app";
import { apiClient } from "./support/api";
import { invite, openSurvey, rawScan, system } from "./support/fixtures";
import { signedIn } from "./support/session";

const content = Survey.Content.parse({
  defaultLanguage: "en",
  languages: ["en"],
  title: { en: "Retention" },
  questions: [{ id: "safe", type: "single_choice", required: true, text: { en: "Safe?" }, options: [{ id: "yes", text: { en: "Yes" } }, { id: "no", text: { en: "No" } }] }],
});

async function client(orgId: string) {
  const who = await signedIn({ orgId });
  const c = apiClient(api);
  c.jar.set("sid", who.headers.cookie.slice(4));
  return c;
}

const ofSurvey = (items: Record<string, unknown>[], surveyId: string) => items.filter((i) => JSON.stringify(i).includes(surveyId));

/** An open survey with three invitations: two answered, one with a draft. */
async function answered() {
  const { org, survey, slug } = await openSurvey({ content });
  const links = [await invite(org.id, survey.id), await invite(org.id, survey.id), await invite(org.id, survey.id)];
  await Response.submit({ token: links[0]!.token, answers: { safe: "yes" } });
  await Response.submit({ token: links[1]!.token, answers: { safe: "no" } });
  await saveDraft({ kind: "invitation", token: links[2]!.token }, { surveyId: survey.id, version: 1, answers: { safe: "no" } });
  return { org, survey, slug };
}

describe("retention through the API", () => {
  it("closing stamps close time + retentionDays on every response, invitation and draft; reopening removes it", async () => {
    const { org, survey } = await answered();
    await system(() => Organisation.update({ id: org.id, retentionDays: 365 }));
    const c = await client(org.id);
    const closed = await c.post(`/api/surveys/${survey.id}/transition`, { to: "closed" });
    expect(closed.status).toBe(200);
    const target = Math.floor(new Date(closed.body.result.closedAt).getTime() / 1000) + 365 * 86_400;
    let items = ofSurvey(await rawScan(), survey.id);
    const stamped = items.filter((i) => i.type === "response" || i.type === "invitation");
    expect(stamped).toHaveLength(5);
    for (const i of stamped) expect(i.expiresAt).toBe(target);
    const drafts = items.filter((i) => i.sk === "DRAFT");
    expect(drafts).toHaveLength(1);
    expect(Number(drafts[0]!.expiresAt)).toBeLessThanOrEqual(target);
    // Anonymous: the responses still hold nothing that leads to a person.
    for (const r of items.filter((i) => i.type === "response")) for (const k of ["contactId", "invitationId", "token", "ip", "userAgent"]) expect(r).not.toHaveProperty(k);

    expect((await c.post(`/api/surveys/${survey.id}/transition`, { to: "open" })).status).toBe(200);
    items = ofSurvey(await rawScan(), survey.id);
    for (const i of items.filter((i) => i.type === "response" || i.type === "invitation")) expect(i).not.toHaveProperty("expiresAt");
  });
});

describe("erasing a survey through the API", () => {
  it("leaves no item of the survey, spares the other survey, and a second erase is a 404 that changes nothing", async () => {
    const { org, survey, slug } = await answered();
    const other = await system(() => Survey.create({ orgId: org.id, content }));
    await system(() => Survey.transition({ orgId: org.id, id: other.id, to: "open" }));
    const { token } = await invite(org.id, other.id);
    await Response.submit({ token, answers: { safe: "yes" } });
    const before = await rawScan();
    const kept = ofSurvey(before, other.id);
    expect(ofSurvey(before, survey.id).length).toBeGreaterThan(8);

    const c = await client(org.id);
    const erased = await c.post(`/api/surveys/${survey.id}/erase`, {});
    expect(erased.status).toBe(200);
    expect(erased.body.result).toMatchObject({ done: true });
    const after = await rawScan();
    expect(ofSurvey(after, survey.id)).toEqual([]);
    expect(after.filter((i) => i.pk === `SLUG#${slug}`)).toEqual([]);
    expect(ofSurvey(after, other.id)).toEqual(kept);
    expect((await c.get(`/api/surveys/${survey.id}`)).status).toBe(404);

    const again = await c.post(`/api/surveys/${survey.id}/erase`, {});
    expect(again.status).toBe(404);
    expect(await rawScan()).toEqual(after);
  });

  it("another organisation's coordinator gets a 404 and nothing changes", async () => {
    const { survey } = await answered();
    const elsewhere = await system(() => Organisation.create({ name: "Elsewhere" }));
    const c = await client(elsewhere.id);
    const before = await rawScan();
    const res = await c.post(`/api/surveys/${survey.id}/erase`, {});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBeTypeOf("string");
    expect(await rawScan()).toEqual(before);
  });
});
