// The console API for partner summaries: a coordinator previews a partner's email in the partner's
// language, downloads the partner CSV (suppressed figures only), sends now (once per period), and sees
// the deliveries; another organisation's coordinator and anonymous callers get nothing.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Partner } from "@feedback/core/partner";
import { submitPublic } from "@feedback/core/response/public";
import { Survey } from "@feedback/core/survey";
import { emailsTo } from "../../../test/ses";
import { api } from "../src/api/app";
import { apiClient } from "./support/api";
import { openSurvey, system } from "./support/fixtures";
import { signedIn } from "./support/session";

async function coordinatorOf(orgId: string) {
  const who = await signedIn({ orgId });
  const client = apiClient(api);
  client.jar.set("sid", who.headers.cookie.slice(4));
  return client;
}

/** The demo survey, open, shared with one Spanish-speaking partner, with 30 answers by public link. */
async function sharedSurvey() {
  const { org, survey, slug } = await openSurvey();
  const partner = await system(() =>
    Partner.create({
      orgId: org.id,
      name: "Northside Youth Arts",
      kind: "nonprofit",
      contactEmails: [`programs.${randomBytes(4).toString("hex")}@northside.example.org`],
      language: "es",
      frequency: "weekly",
      agreement: { start: "2020-01-01", end: "2099-12-31" },
    }),
  );
  await system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, partnerIds: [partner.id] }));
  for (let i = 0; i < 30; i++) {
    await submitPublic({
      slug,
      device: `device-${slug}-${i}-${randomBytes(4).toString("hex")}`,
      language: i % 3 ? "es" : "en",
      answers: { programme: i % 7 === 0 ? "health" : i % 2 ? "arts" : "tutoring", satisfaction: 1 + (i % 5), children: 1, barrier: "none" },
    });
  }
  return { org, survey, partner };
}

describe("partner summaries API", () => {
  it("previews a partner's email in its language, and serves the partner CSV with only published counts", async () => {
    const { org, survey, partner } = await sharedSurvey();
    const client = await coordinatorOf(org.id);
    const preview = await client.get(`/api/surveys/${survey.id}/summaries/${partner.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.result).toMatchObject({ locale: "es", due: true, k: 10, recipients: partner.contactEmails });
    expect(preview.body.result.subject).toMatch(/^Encuesta de colaboración con las familias: resultados hasta ahora/);
    expect(preview.body.result.html).toContain("30 familias respondieron");

    const csv = await client.get(`/api/surveys/${survey.id}/summaries/${partner.id}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="summary-srv_[0-9A-Z]+-\d{4}-W\d{2}\.csv"$/);
    const [header, ...rows] = (csv.body as string).replace(/^\ufeff/, "").trim().split("\r\n");
    const at = header!.split(",").indexOf("count");
    expect(at).toBeGreaterThan(-1);
    for (const row of rows) {
      const n = Number(row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)![at]!.replace(/,$/, ""));
      expect(n === 0 || n >= 10, row).toBe(true);
    }
  });

  it("sends now once per period, then answers 409; the delivery is listed as sent", async () => {
    const { org, survey, partner } = await sharedSurvey();
    const client = await coordinatorOf(org.id);
    const sent = await client.post(`/api/surveys/${survey.id}/summaries/${partner.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.result.outcomes).toEqual({ [partner.contactEmails[0]!]: "sent" });
    const again = await client.post(`/api/surveys/${survey.id}/summaries/${partner.id}/send`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("summary.already_sent");
    expect(await emailsTo(partner.contactEmails[0]!)).toHaveLength(1);

    const list = await client.get(`/api/surveys/${survey.id}/summaries`);
    expect(list.status).toBe(200);
    expect(list.body.result).toEqual([expect.objectContaining({ partnerId: partner.id, status: "sent", attempts: 1, to: partner.contactEmails[0] })]);
  });

  it("gives nothing to anyone else: no session, another organisation, another origin", async () => {
    const { survey, partner } = await sharedSurvey();
    const path = `/api/surveys/${survey.id}/summaries/${partner.id}/preview`;
    expect((await apiClient(api).get(path)).status).toBe(401);
    const { org: other } = await openSurvey();
    const stranger = await coordinatorOf(other.id);
    const foreign = await stranger.get(path);
    expect(foreign.status).toBe(404);
    const send = await stranger.post(`/api/surveys/${survey.id}/summaries/${partner.id}/send`, {}, { origin: "https://evil.example" });
    expect(send.status).toBe(403);
    expect(await emailsTo(partner.contactEmails[0]!)).toEqual([]);
  });
});
