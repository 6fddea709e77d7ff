// The console API for results and contacts: response rates by dimension and over time, the
// coordinator's full per-question view, "what partners will see" (suppressed), the raw table and CSV
// (no contact details in anonymous mode; names only in confidential mode), contact search and erasure.
import { describe, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Invitation } from "@feedback/core/invitation";
import { Response } from "@feedback/core/response";
import { api } from "../src/api/app";
import { apiClient } from "./support/api";
import { invite, openSurvey, system } from "./support/fixtures";
import { signedIn } from "./support/session";

async function coordinatorOf(orgId: string) {
  const who = await signedIn({ orgId });
  const client = apiClient(api);
  client.jar.set("sid", who.headers.cookie.slice(4));
  return client;
}

const answers = (programme: string, satisfaction: number, comments?: string) => ({
  programme,
  satisfaction,
  children: 2,
  barrier: "none",
  ...(comments ? { comments } : {}),
});

/** An open demo survey with invitations at two sites in two languages, some answered on two days. */
async function surveyWithAnswers(anonymity: "anonymous" | "confidential" = "anonymous") {
  const { org, survey } = await openSurvey({ anonymity });
  const plan = [
    { site: "Maple", language: "en", channel: "email" as const, answer: answers("arts", 5, "=HYPERLINK(\"http://x\")"), day: "2026-03-02" },
    { site: "Maple", language: "es", channel: "sms" as const, answer: answers("arts", 4), day: "2026-03-02" },
    { site: "Maple", language: "es", channel: "sms" as const, answer: answers("tutoring", 2), day: "2026-03-03" },
    { site: "Harbor", language: "en", channel: "email" as const, answer: undefined, day: "" },
    { site: "Harbor", language: "en", channel: "email" as const, answer: undefined, day: "" },
  ];
  const links = [];
  for (const p of plan) {
    const link = await invite(org.id, survey.id, { site: p.site, language: p.language, channel: p.channel });
    await system(() => Invitation.setStatus({ token: link.token, status: "delivered" }));
    if (p.answer) {
      const restore = Clock.set(new Date(`${p.day}T15:00:00Z`));
      try {
        await system(() => Response.submit({ token: link.token, answers: p.answer! }));
      } finally {
        restore();
      }
    }
    links.push(link);
  }
  return { org, survey, links, client: await coordinatorOf(org.id) };
}

describe("results API", () => {
  it("gives response rates overall, per day and by site, language and channel", async () => {
    const { survey, client } = await surveyWithAnswers();
    const res = await client.get(`/api/surveys/${survey.id}/rates`);
    expect(res.status).toBe(200);
    const rates = res.body.result;
    expect(rates).toMatchObject({ invited: 5, responded: 3, rate: 60, responses: 3, statuses: { delivered: 5 } });
    expect(rates.overTime).toEqual([
      { day: "2026-03-02", responses: 2, cumulative: 2, rate: 40 },
      { day: "2026-03-03", responses: 1, cumulative: 3, rate: 60 },
    ]);
    expect(rates.byDimension.site).toEqual([
      { value: "Maple", invited: 3, responded: 3, rate: 100 },
      { value: "Harbor", invited: 2, responded: 0, rate: 0 },
    ]);
    expect(rates.byDimension.language).toEqual([
      { value: "en", invited: 3, responded: 1, rate: 33.3 },
      { value: "es", invited: 2, responded: 2, rate: 100 },
    ]);
    expect(rates.byDimension.channel.map((s: { value: string }) => s.value)).toEqual(["email", "sms"]);
  });

  it("shows the coordinator every count, and partners only what survives suppression", async () => {
    const { survey, client } = await surveyWithAnswers();
    const full = await client.get(`/api/surveys/${survey.id}/results`);
    expect(full.status).toBe(200);
    expect(full.body.result).toMatchObject({ respondents: 3, version: 1, versions: [1] });
    const programme = full.body.result.questions.find((q: { id: string }) => q.id === "programme");
    expect(programme.options.find((o: { key: string }) => o.key === "arts")).toMatchObject({ label: "Arts and music", count: 2, pct: 67 });
    expect(programme.segments.site).toEqual([{ value: "Maple", respondents: 3, counts: expect.objectContaining({ arts: 2, tutoring: 1 }) }]);
    const satisfaction = full.body.result.questions.find((q: { id: string }) => q.id === "satisfaction");
    expect(satisfaction.stats).toEqual({ n: 3, mean: 3.67, median: 4 });
    const comments = full.body.result.questions.find((q: { id: string }) => q.id === "comments");
    expect(comments.texts).toEqual(['=HYPERLINK("http://x")']);

    // Three respondents are below the floor of 10: partners would see nothing at all.
    const partners = await client.get(`/api/surveys/${survey.id}/results/partners`);
    expect(partners.status).toBe(200);
    expect(partners.body.result.k).toBe(10);
    expect(partners.body.result.release.respondents).toBeNull();
    expect(JSON.stringify(partners.body.result.release)).not.toContain("HYPERLINK");
  });

  it("raw table and CSV of an anonymous survey hold no contact details", async () => {
    const { survey, client, links } = await surveyWithAnswers();
    const table = await client.get(`/api/surveys/${survey.id}/responses`);
    expect(table.status).toBe(200);
    expect(table.body.result.total).toBe(3);
    expect(table.body.result.columns.map((c: { key: string }) => c.key)).not.toContain("contactId");
    const text = JSON.stringify(table.body.result);
    for (const l of links) {
      expect(text).not.toContain(l.contact.id);
      expect(text).not.toContain(l.contact.email!);
      expect(text).not.toContain(l.invitation.id);
    }
    expect(table.body.result.rows[0]).toMatchObject({ submittedOn: "2026-03-02", "dim.site": "Maple", "q.programme": "Arts and music" });

    const csv = await client.get(`/api/surveys/${survey.id}/responses.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain(`responses-${survey.id}.csv`);
    expect(csv.body.startsWith("Day,site,language,channel,")).toBe(true);
    // A byte order mark first, so Excel reads Arabic, Chinese or Vietnamese answers correctly.
    const raw = await api.request(`/api/surveys/${survey.id}/responses.csv`, { headers: { cookie: `sid=${client.jar.get("sid")}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // A formula typed by a family opens as text in a spreadsheet.
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    for (const l of links) expect(csv.body).not.toContain(l.contact.email!);
  });

  it("a confidential survey's table names the contact, for the coordinator's follow-up", async () => {
    const { survey, client, links } = await surveyWithAnswers("confidential");
    const table = await client.get(`/api/surveys/${survey.id}/responses`);
    const row = table.body.result.rows.find((r: Record<string, string>) => r.contactId === links[0]!.contact.id);
    expect(row).toMatchObject({ contactName: "Amina Farah" });
    // Emails and phones stay in the contact directory.
    expect(JSON.stringify(table.body.result)).not.toContain(links[0]!.contact.email!);
  });
});

describe("contacts API", () => {
  it("lists, finds by email, phone or name, and erases one contact", async () => {
    const { org } = await openSurvey();
    const client = await coordinatorOf(org.id);
    const [ana, bo] = await system(() =>
      Promise.all([
        Contact.create({ orgId: org.id, name: "Ana Lucía Pérez", email: "ana.perez@example.org", language: "es" }),
        Contact.create({ orgId: org.id, name: "Bo Nguyen", phone: "+12025550143", language: "vi" }),
      ]),
    );
    const all = await client.get("/api/contacts?limit=10");
    expect(all.status).toBe(200);
    expect(all.body.result.contacts.map((c: { id: string }) => c.id).sort()).toEqual([ana!.id, bo!.id].sort());
    const byEmail = await client.get(`/api/contacts?q=${encodeURIComponent("Ana.Perez@example.org")}`);
    expect(byEmail.body.result.contacts.map((c: { id: string }) => c.id)).toEqual([ana!.id]);
    const byPhone = await client.get(`/api/contacts?q=${encodeURIComponent("(202) 555-0143")}`);
    expect(byPhone.body.result.contacts.map((c: { id: string }) => c.id)).toEqual([bo!.id]);
    const byName = await client.get(`/api/contacts?q=${encodeURIComponent("lucía")}`);
    expect(byName.body.result.contacts.map((c: { id: string }) => c.id)).toEqual([ana!.id]);

    expect((await client.delete(`/api/contacts/${ana!.id}`)).status).toBe(204);
    expect((await client.get(`/api/contacts?q=${encodeURIComponent("ana.perez@example.org")}`)).body.result.contacts).toEqual([]);
    expect((await client.delete(`/api/contacts/${ana!.id}`)).status).toBe(404);
  });

  it("never shows or erases another organisation's contacts", async () => {
    const [{ org: a }, { org: b }] = await Promise.all([openSurvey(), openSurvey()]);
    const theirs = await system(() => Contact.create({ orgId: a.id, name: "Someone", email: "someone.else@example.org", language: "en" }));
    const client = await coordinatorOf(b.id);
    expect((await client.get("/api/contacts?q=someone.else%40example.org")).body.result.contacts).toEqual([]);
    expect((await client.delete(`/api/contacts/${theirs.id}`)).status).toBe(404);
    expect(await system(() => Contact.get({ orgId: a.id, id: theirs.id }))).toMatchObject({ id: theirs.id });
  });
});
