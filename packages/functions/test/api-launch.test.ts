// The console's distribution API over HTTP (app.request into the real API app, a real session):
// importing a CSV (multipart, raw, gzipped, Windows-1252), previewing the launch (samples per
// language, SMS segments, cost, contacts per channel), launching (a second click while one runs is a
// 409, never a second invitation) and watching the sending.
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Survey } from "@feedback/core/survey";
import { api } from "../src/api/app";
import { demoContent } from "../src/local/demo-survey";
import { system } from "./support/fixtures";
import { localSending } from "./support/sending";
import { signedIn } from "./support/session";

let restore: () => void;
beforeEach(() => {
  restore = Clock.set(new Date("2026-05-12T15:00:00Z"));
});
afterEach(() => restore());

const CSV = [
  "Parent Name,Parent Email,Cell Phone,Home Language,School",
  "Ana Pérez,ana.api@example.org,,Spanish,Maple",
  "Minh Tran,,(202) 555-0191,Vietnamese,Maple",
  "Layla Haddad,,(202) 555-0192,العربية,Riverside",
  "Bad Phone,,555-0123,English,Maple",
  "Ana Pérez,ANA.API@example.org,,Spanish,Riverside",
].join("\n");

async function coordinatorWithSurvey() {
  const session = await signedIn();
  const survey = await system(() => Survey.create({ orgId: session.orgId, content: demoContent, dimensions: ["site", "language", "channel"] }));
  return { ...session, survey };
}

const importFile = (headers: Record<string, string>, file: string, fields: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("file", new File([file], "contacts.csv", { type: "text/csv" }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return api.request("http://127.0.0.1/api/contacts/import", { method: "POST", body: form, headers });
};

describe("contact import API", () => {
  it("imports a multipart upload with recognised columns and answers a per-row report", async () => {
    const { headers, orgId } = await coordinatorWithSurvey();
    const res = await importFile(headers, CSV, { detail: "all" });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { counts: Record<string, number>; report: { line: number; status: string; merged?: string; issues: { code: string }[] }[]; mapping: Record<string, unknown> } };
    expect(result.mapping).toMatchObject({ name: "Parent Name", email: "Parent Email", phone: "Cell Phone", language: "Home Language", attributes: { site: "School" } });
    expect(result.counts).toMatchObject({ created: 3, rejected: 1, merged: 1 });
    expect(result.report.find((r) => r.line === 5)).toMatchObject({ status: "rejected", issues: [{ code: "phone.invalid" }] });
    expect(result.report.find((r) => r.line === 6)).toMatchObject({ merged: "file" });
    const list = await api.request("http://127.0.0.1/api/contacts?limit=50", { headers });
    expect(((await list.json()) as { result: { contacts: { orgId: string }[] } }).result.contacts.every((c) => c.orgId === orgId)).toBe(true);
  });

  it("takes a raw or gzipped CSV body with the mapping in the query string, and a dry run writes nothing", async () => {
    const { headers } = await coordinatorWithSurvey();
    const mapping = encodeURIComponent(JSON.stringify({ name: "Parent Name", email: "Parent Email", phone: "Cell Phone", language: "Home Language" }));
    const dry = await api.request(`http://127.0.0.1/api/contacts/import?dryRun=true&mapping=${mapping}`, { method: "POST", body: CSV, headers: { ...headers, "content-type": "text/csv" } });
    expect(((await dry.json()) as { result: { dryRun: boolean; counts: { created: number } } }).result).toMatchObject({ dryRun: true, counts: { created: 3 } });
    const empty = (await (await api.request("http://127.0.0.1/api/contacts", { headers })).json()) as { result: { contacts: unknown[] } };
    expect(empty.result.contacts).toEqual([]);
    const gz = await api.request(`http://127.0.0.1/api/contacts/import?mapping=${mapping}`, { method: "POST", body: gzipSync(CSV), headers: { ...headers, "content-type": "application/gzip" } });
    expect(((await gz.json()) as { result: { counts: { created: number } } }).result.counts.created).toBe(3);
  });

  it("refuses a malformed file with a 400 that says why, and an unmapped column clearly", async () => {
    const { headers } = await coordinatorWithSurvey();
    const broken = await importFile(headers, 'Name,Email\n"Ana,ana@example.org\n');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "import.malformed" } });
    const missing = await importFile(headers, "Name,Email\nAna,a@example.org\n", { mapping: JSON.stringify({ email: "E-mail" }) });
    expect(await missing.json()).toMatchObject({ error: { code: "import.missing_column", message: expect.stringContaining("“E-mail”") } });
    const mojibake = await importFile(headers, "Name,Email\nJosÃ©,j@example.org\n");
    expect(await mojibake.json()).toMatchObject({ error: { code: "import.mojibake" } });
  });

  it("accepts a file above the API's 1 MB body limit (up to 4 MB)", async () => {
    const { headers } = await coordinatorWithSurvey();
    const rows = ["Name,Email,Language"];
    for (let i = 0, size = 0; size < 1.3 * 1024 * 1024; i++) size += rows[rows.push(`Family Member Number ${i},family.member.${i}@example.org,English`) - 1]!.length + 1;
    const res = await importFile(headers, rows.join("\n"), { dryRun: "true" });
    expect(res.status).toBe(200);
  });

  it("is for signed-in coordinators only", async () => {
    const res = await importFile({ origin: "http://127.0.0.1" }, CSV);
    expect(res.status).toBe(401);
  });
});

describe("launch API", () => {
  it("previews per-language samples, segments and cost, launches once, and reports progress", async () => {
    const s = localSending();
    const { headers, survey } = await coordinatorWithSurvey();
    await importFile(headers, CSV);
    const preview = await api.request(`http://127.0.0.1/api/surveys/${survey.id}/launch/preview`, { headers });
    expect(preview.status).toBe(200);
    const p = ((await preview.json()) as { result: { totals: Record<string, number>; languages: { locale: string; contacts: { email: number; sms: number }; sms: { encoding: string; segments: number; text: string }; email: { subject: string; html: string } }[]; cost: { invitations: { total: number; sms: number }; smsSegments: number } } }).result;
    expect(p.totals).toMatchObject({ contacts: 3, email: 1, sms: 2 });
    const vi = p.languages.find((l) => l.locale === "vi")!;
    expect(vi.contacts).toEqual({ email: 0, sms: 1 });
    expect(vi.sms).toMatchObject({ encoding: "UCS-2" });
    expect(vi.sms.segments).toBeGreaterThanOrEqual(2);
    expect(vi.sms.text).toMatch(/\/s\/[A-Za-z0-9_-]{22} /);
    const en = p.languages.find((l) => l.locale === "en")!;
    expect(en.sms.encoding).toBe("GSM-7");
    expect(p.languages.find((l) => l.locale === "es")!.email.subject).toContain("Encuesta de colaboración con las familias");
    expect(p.cost.smsSegments).toBe(vi.sms.segments + p.languages.find((l) => l.locale === "ar")!.sms.segments);
    expect(p.cost.invitations.total).toBeGreaterThan(0);

    const [first, second] = await Promise.all([
      api.request(`http://127.0.0.1/api/surveys/${survey.id}/launch`, { method: "POST", body: JSON.stringify({ channels: ["email", "sms"] }), headers: { ...headers, "content-type": "application/json" } }),
      api.request(`http://127.0.0.1/api/surveys/${survey.id}/launch`, { method: "POST", body: JSON.stringify({}), headers: { ...headers, "content-type": "application/json" } }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect([[200, 200], [200, 409]]).toContainEqual(statuses);
    const ok = (await (first.status === 200 ? first : second).json()) as { result: { done: boolean; counts: { enqueued: number } } };
    expect(ok.result.done).toBe(true);
    await s.drain();
    const progress = await api.request(`http://127.0.0.1/api/surveys/${survey.id}/sending`, { headers });
    const g = ((await progress.json()) as { result: { launch: { done: boolean }; invitations: { total: number; byStatus: Record<string, number>; byChannel: Record<string, Record<string, number>> } } }).result;
    expect(g.launch.done).toBe(true);
    expect(g.invitations).toMatchObject({ total: 3, byStatus: { sent: 3 }, byChannel: { email: { sent: 1 }, sms: { sent: 2 } } });
    // The survey was a draft: launching opened it.
    expect((await system(() => Survey.get({ orgId: survey.orgId, id: survey.id }))).status).toBe("open");
  });

  it("keeps another organisation's survey out of reach", async () => {
    const { survey } = await coordinatorWithSurvey();
    const other = await signedIn();
    for (const [method, path] of [["GET", `http://127.0.0.1/api/surveys/${survey.id}/launch/preview`], ["POST", `http://127.0.0.1/api/surveys/${survey.id}/launch`], ["GET", `http://127.0.0.1/api/surveys/${survey.id}/sending`]] as const) {
      const res = await api.request(path, { method, headers: { ...other.headers, "content-type": "application/json" }, ...(method === "POST" ? { body: "{}" } : {}) });
      expect(res.status, path).toBe(404);
    }
  });
});
