// The console API for an organisation's settings, sites, coordinators and partners, through HTTP as
// the console calls it. Admin-only changes are refused to coordinators; inputs are checked with the
// field named; the privacy floor never goes below 5, and no threshold below the floor.
import { describe, expect, it } from "vitest";
import { Survey } from "@feedback/core/survey";
import { api } from "../src/api/app";
import { apiClient } from "./support/api";
import { openSurvey, system } from "./support/fixtures";
import { signedIn } from "./support/session";

async function as(role: "admin" | "coordinator", orgId?: string) {
  const who = await signedIn({ role, orgId });
  const client = apiClient(api);
  client.jar.set("sid", who.headers.cookie.slice(4));
  return { ...who, client };
}

const partner = (extra: Record<string, unknown> = {}) => ({
  name: "Northside Youth Arts",
  kind: "nonprofit",
  contactEmails: ["programs@northside.example.org"],
  language: "es",
  frequency: "monthly",
  agreement: { start: "2026-01-01", end: "2027-06-30" },
  ...extra,
});

describe("organisation settings", () => {
  it("an admin raises the privacy floor; it can never go below 5", async () => {
    const admin = await as("admin");
    expect((await admin.client.get("/api/organisation")).body.result.privacyFloor).toBe(10);
    const raised = await admin.client.patch("/api/organisation", { privacyFloor: 15, timeZone: "America/Chicago" });
    expect(raised.status).toBe(200);
    expect(raised.body.result).toMatchObject({ privacyFloor: 15, timeZone: "America/Chicago" });
    const tooLow = await admin.client.patch("/api/organisation", { privacyFloor: 4 });
    expect(tooLow.status).toBe(400);
    expect(tooLow.body.error.message).toMatch(/^privacyFloor: /);
    const badZone = await admin.client.patch("/api/organisation", { timeZone: "Mars/Olympus" });
    expect(badZone.status).toBe(400);
    expect((await admin.client.get("/api/organisation")).body.result.privacyFloor).toBe(15);
  });

  it("a coordinator may read the settings but not change them", async () => {
    const coordinator = await as("coordinator");
    expect((await coordinator.client.get("/api/organisation")).status).toBe(200);
    const refused = await coordinator.client.patch("/api/organisation", { privacyFloor: 20 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("auth.admin_only");
  });
});

describe("sites and coordinators", () => {
  it("an admin adds sites and coordinators; a coordinator sees them but cannot add", async () => {
    const admin = await as("admin");
    const site = await admin.client.post("/api/sites", { name: "Maple Grove Elementary", code: "MGE" });
    expect(site.status).toBe(201);
    const added = await admin.client.post("/api/coordinators", { email: "New.Person@Example.org", name: "New Person", role: "coordinator", siteIds: [site.body.result.id] });
    expect(added.status).toBe(201);
    expect(added.body.result.email).toBe("new.person@example.org");
    const twice = await admin.client.post("/api/coordinators", { email: "new.person@example.org", name: "Again", role: "coordinator" });
    expect(twice.status).toBe(409);

    const coordinator = await as("coordinator", admin.orgId);
    expect((await coordinator.client.get("/api/sites")).body.result.map((s: { name: string }) => s.name)).toEqual(["Maple Grove Elementary"]);
    expect((await coordinator.client.get("/api/coordinators")).body.result).toHaveLength(3);
    expect((await coordinator.client.post("/api/sites", { name: "Nope" })).status).toBe(403);
  });

  it("removing a coordinator or taking their admin role takes effect on their open session at once", async () => {
    const admin = await as("admin");
    const other = await as("admin", admin.orgId);
    expect((await other.client.patch("/api/organisation", { privacyFloor: 12 })).status).toBe(200);
    const demoted = await admin.client.patch(`/api/coordinators/${other.coordinator.id}`, { role: "coordinator" });
    expect(demoted.status).toBe(200);
    expect((await other.client.patch("/api/organisation", { privacyFloor: 13 })).status).toBe(403);
    expect((await admin.client.delete(`/api/coordinators/${other.coordinator.id}`)).status).toBe(204);
    expect((await other.client.get("/api/me")).status).toBe(401);
  });

  it("an admin cannot demote or remove themselves (the organisation keeps an admin)", async () => {
    const admin = await as("admin");
    expect((await admin.client.patch(`/api/coordinators/${admin.coordinator.id}`, { role: "coordinator" })).status).toBe(409);
    expect((await admin.client.delete(`/api/coordinators/${admin.coordinator.id}`)).status).toBe(409);
  });
});

describe("partners", () => {
  it("creates, reads, edits and removes a partner, with the surveys shared with it", async () => {
    const coordinator = await as("coordinator");
    const survey = await system(() =>
      Survey.create({ orgId: coordinator.orgId, content: Survey.Content.parse({ defaultLanguage: "en", languages: ["en"], title: { en: "S" }, questions: [] }) }),
    );
    const created = await coordinator.client.post("/api/partners", partner({ surveyIds: [survey.id] }));
    expect(created.status).toBe(201);
    const id = created.body.result.id;
    expect(created.body.result).toMatchObject({ name: "Northside Youth Arts", language: "es", frequency: "monthly", surveyIds: [survey.id] });
    expect((await system(() => Survey.get({ orgId: coordinator.orgId, id: survey.id }))).partnerIds).toEqual([id]);

    const edited = await coordinator.client.patch(`/api/partners/${id}`, { language: "vi", agreement: { start: "2026-01-01", end: "2026-12-31" }, surveyIds: [] });
    expect(edited.status).toBe(200);
    expect(edited.body.result).toMatchObject({ language: "vi", agreement: { end: "2026-12-31" }, surveyIds: [] });
    expect((await coordinator.client.get(`/api/partners/${id}`)).body.result.language).toBe("vi");
    expect((await coordinator.client.get("/api/partners")).body.result).toHaveLength(1);

    await coordinator.client.patch(`/api/partners/${id}`, { surveyIds: [survey.id] });
    expect((await coordinator.client.delete(`/api/partners/${id}`)).status).toBe(204);
    expect((await coordinator.client.get(`/api/partners/${id}`)).status).toBe(404);
    // Removing a partner stops sharing with it.
    expect((await system(() => Survey.get({ orgId: coordinator.orgId, id: survey.id }))).partnerIds).toEqual([]);
  });

  it("refuses an agreement that ends before it starts, and a threshold below the organisation's floor", async () => {
    const coordinator = await as("coordinator");
    const backwards = await coordinator.client.post("/api/partners", partner({ agreement: { start: "2026-06-01", end: "2026-01-01" } }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/^agreement\.end: /);
    const low = await coordinator.client.post("/api/partners", partner({ privacyThreshold: 6 }));
    expect(low.status).toBe(400);
    expect(low.body.error).toMatchObject({ message: expect.stringMatching(/^privacyThreshold: .*floor of 10/), details: { floor: 10 } });
    const created = await coordinator.client.post("/api/partners", partner({ privacyThreshold: 12 }));
    expect(created.status).toBe(201);
    // One date changed alone is checked against the other one stored.
    const reversed = await coordinator.client.patch(`/api/partners/${created.body.result.id}`, { agreement: { start: "2028-01-01", end: "2027-01-01" } });
    expect(reversed.status).toBe(400);
  });

  it("cannot share another organisation's survey", async () => {
    const coordinator = await as("coordinator");
    const { survey } = await openSurvey();
    const res = await coordinator.client.post("/api/partners", partner({ surveyIds: [survey.id] }));
    expect(res.status).toBe(404);
    expect((await coordinator.client.get("/api/partners")).body.result).toEqual([]);
  });
});
