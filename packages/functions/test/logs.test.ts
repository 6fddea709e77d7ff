// Privacy in logs (DESIGN §3 rules 1 and 2): run the real flows (the demo seed creates contacts,
// invitations and responses; the form and API apps serve requests with tokens in their paths and an
// unhandled error), capture every log line, and prove none holds contact PII, a token or an answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Invitation } from "@feedback/core/invitation";
import { Log } from "@feedback/core/log";
import { Response } from "@feedback/core/response";
import { api } from "../src/api/app";
import { form } from "../src/form/app";
import { DEMO_ORG, DEMO_SURVEY, seed } from "../src/local/seed";

process.env.TOKEN_SECRET ??= "test-token-secret";
const lines: string[] = [];
let restore: ReturnType<typeof Log.setSink>;

beforeAll(() => {
  restore = Log.setSink((line) => lines.push(line));
});
afterAll(() => {
  Log.setSink(restore);
});

describe("logs", () => {
  it("are one JSON object per line with a request id, and hold no contact PII, tokens or answers", { timeout: 60_000 }, async () => {
    await Log.withRequest(undefined, () => seed());
    const contacts = await Actor.provide({ type: "system" }, () => Contact.list({ orgId: DEMO_ORG, limit: 1000 }));
    expect(contacts.contacts.length).toBe(72);
    contacts.contacts.push({ name: "Grace Nkemelu", email: "grace.nkemelu@example.org", phone: "+12025550187" } as never);
    const responses = await Actor.provide({ type: "system" }, () => Response.listBySurvey({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY }));
    expect(responses.length).toBe(72);
    const invitations = await Actor.provide({ type: "system" }, () => Invitation.list({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY }));
    const tokens = await Promise.all(invitations.invitations.map((i) => Invitation.tokenFor(i.id)));

    // Requests that carry tokens and hit every outcome: answered, open, unknown, malformed, a 401 and a 404.
    for (const token of tokens.slice(0, 3)) expect((await form.request(`/s/${token}`)).status).toBe(409);
    const fresh = await Actor.provide({ type: "system" }, async () => {
      const contact = await Contact.create({ orgId: DEMO_ORG, name: "Grace Nkemelu", email: "grace.nkemelu@example.org", phone: "+12025550187", language: "fr" });
      return Invitation.create({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY, contactId: contact.id, channel: "sms", language: "fr", dimensions: {} });
    });
    tokens.push(fresh.token);
    expect((await form.request(`/s/${fresh.token}`)).status).toBe(200);
    expect((await form.request(`/s/${"A".repeat(22)}`)).status).toBe(404);
    expect((await form.request(`/s/not-a-token`)).status).toBe(404);
    expect((await form.request(`/p/demo?lang=ar`)).status).toBe(200);
    expect((await api.request(`/api/surveys`)).status).toBe(401);
    expect((await api.request(`/api/nowhere`)).status).toBe(401);

    expect(lines.length).toBeGreaterThan(5);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const entry of parsed) {
      expect(entry).toMatchObject({ level: expect.any(String), event: expect.any(String), time: expect.any(String) });
      expect(entry.requestId).toEqual(expect.any(String));
    }
    const requests = parsed.filter((e) => e.event === "http.request");
    expect(requests.map((e) => e.route)).toContain("/s/:token");

    const all = lines.join("\n");
    const secrets = [
      ...contacts.contacts.flatMap((c) => [c.name, c.email, c.phone].filter((v): v is string => Boolean(v))),
      ...tokens,
      ...responses.flatMap((r) => Object.values(r.answers).filter((v): v is string => typeof v === "string" && v.length > 12)),
    ];
    expect(secrets.length).toBeGreaterThan(150);
    const leaked = secrets.filter((s) => all.includes(s));
    expect(leaked).toEqual([]);
  });

  it("scrub emails, phone numbers and tokens out of any message that reaches them", () => {
    const captured: string[] = [];
    const previous = Log.setSink((l) => captured.push(l));
    Log.error("test.scrub", { code: "x", error: new Error("failed for maria@example.org at +1 202 555 0101 with AbCdEfGhIjKlMnOpQrStUv") });
    Log.setSink(previous);
    expect(captured[0]).not.toMatch(/maria@example\.org|555 0101|AbCdEfGhIjKlMnOpQrStUv/);
    expect(captured[0]).toContain("[email]");
  });
});
