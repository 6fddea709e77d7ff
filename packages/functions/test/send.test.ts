// Sending invitations through the real path: contacts imported from CSV, a launch that queues them,
// the worker's own handler draining the in-process queue, email into the SES emulator (asserted from
// its store), SMS into the outbox, links opening the form. Each contact gets exactly one message, in
// their language, on their channel.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { emailsTo } from "../../../test/ses";
import { form } from "../src/form/app";
import { openSurvey, system } from "./support/fixtures";
import { localSending, tokenIn } from "./support/sending";

// 10:00 in New York (the test organisations' time zone): inside SMS hours.
const DAYTIME = new Date("2026-03-10T15:00:00Z");
let restoreClock: () => void;
beforeEach(() => {
  restoreClock = Clock.set(DAYTIME);
});
afterEach(() => restoreClock());

const csv = (rows: string[]) => new TextEncoder().encode(["Name,Email,Phone,Language,Channel,School,Grade Band", ...rows].join("\n"));

async function setup(rows: string[], settings: Parameters<typeof openSurvey>[0] = {}) {
  const { org, survey } = await openSurvey(settings);
  const report = await system(() => Contact.importContacts({ orgId: org.id, file: csv(rows), detail: "all" }));
  return { org, survey, report };
}

describe("launching and sending", () => {
  it("sends each contact one invitation in their language, by email or SMS as they prefer, with working links", async () => {
    const s = localSending();
    const tag = Math.random().toString(36).slice(2, 8);
    const { org, survey, report } = await setup([
      `Ana,ana.${tag}@example.org,,Spanish,email,Maple,K-2`,
      `Minh,,(202) 555-0101,Vietnamese,sms,Maple,3-5`,
      `Layla,layla.${tag}@example.org,(202) 555-0102,Arabic,sms,Riverside,6-8`,
      `Jean,jean.${tag}@example.org,(202) 555-0103,Creole,,Riverside,6-8`,
    ]);
    expect(report.counts.rejected).toBe(0);
    const launched = await system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id }));
    expect(launched).toMatchObject({ done: true, counts: { contacts: 4, invited: 4, enqueued: 4 } });
    await s.drain();

    const [ana] = await emailsTo(`ana.${tag}@example.org`);
    expect(ana!.subject).toContain("Encuesta de colaboración con las familias");
    expect(ana!.body.html).toContain('lang="es"');
    expect(ana!.headers).toEqual(expect.arrayContaining([
      { name: "List-Unsubscribe", value: expect.stringMatching(/^<http:\/\/127\.0\.0\.1:3000\/u\/[A-Za-z0-9_-]{22}>$/) },
      { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
    ]));
    const anaToken = tokenIn(ana!.body.text!)!;
    expect(ana!.body.html).toContain(`/s/${anaToken}`);
    // Jean has both and no preference: email; Layla prefers SMS.
    expect(await emailsTo(`jean.${tag}@example.org`)).toHaveLength(1);
    expect(await emailsTo(`layla.${tag}@example.org`)).toHaveLength(0);

    const texts = (await s.outbox.list()).filter((m) => m.direction === "out");
    const toMinh = texts.filter((m) => m.to === "+12025550101");
    const toLayla = texts.filter((m) => m.to === "+12025550102");
    expect(toMinh).toHaveLength(1);
    expect(toLayla).toHaveLength(1);
    expect(toMinh[0]!.text).toContain("Trả lời STOP");
    expect(toLayla[0]!.text).toContain("STOP");
    expect(toLayla[0]!.text).toMatch(/استبيان/);

    // Each link opens the form in the contact's language.
    for (const [token, lang] of [[anaToken, "es"], [tokenIn(toMinh[0]!.text)!, "vi"], [tokenIn(toLayla[0]!.text)!, "ar"]] as const) {
      const page = await form.request(`/s/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<html lang="${lang}"`);
    }

    const { invitations } = await system(() => Invitation.list({ orgId: org.id, surveyId: survey.id }));
    expect(invitations.map((i) => i.status)).toEqual(["sent", "sent", "sent", "sent"]);
    // Only the dimensions the survey declares (site, language, channel): never grade_band.
    for (const i of invitations) expect(Object.keys(i.dimensions)).toEqual(["site"]);
    expect(invitations.map((i) => [i.language, i.channel]).sort()).toEqual([["ar", "sms"], ["es", "email"], ["ht", "email"], ["vi", "sms"]]);
  });
});
