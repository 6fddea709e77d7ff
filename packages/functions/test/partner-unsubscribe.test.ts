// One-click unsubscribe from partner summaries (RFC 8058) through the family-facing app: the link in
// the email's List-Unsubscribe header opens a confirmation page in the partner's language; only a POST
// (the mail client's one-click, or the page's button) unsubscribes; a bad link is a 404 page.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Actor } from "@feedback/core/actor";
import { Partner } from "@feedback/core/partner";
import { submitPublic } from "@feedback/core/response/public";
import { Summary } from "@feedback/core/summary";
import { Survey } from "@feedback/core/survey";
import { emailsTo } from "../../../test/ses";
import { unsubscribe } from "../src/unsubscribe/app";
import { openSurvey, system } from "./support/fixtures";

describe("unsubscribing from partner summaries", () => {
  it("confirms on GET, unsubscribes on the one-click POST, and refuses a bad link", async () => {
    const { org, survey, slug } = await openSurvey();
    const address = `team.${randomBytes(4).toString("hex")}@partner.example.org`;
    const partner = await system(() =>
      Partner.create({ orgId: org.id, name: "Lakeside College", kind: "university", contactEmails: [address], language: "es", frequency: "weekly", agreement: { start: "2020-01-01", end: "2099-12-31" } }),
    );
    await system(() => Survey.updateSettings({ orgId: org.id, id: survey.id, partnerIds: [partner.id] }));
    for (let i = 0; i < 12; i++) {
      await submitPublic({ slug, device: `device-${slug}-${i}-${randomBytes(4).toString("hex")}`, language: "es", answers: { programme: "arts", satisfaction: 4, children: 1, barrier: "none" } });
    }
    await system(() => Summary.run());
    const [email] = await emailsTo(address);
    const link = new URL(email!.headers!.find((h) => h.name === "List-Unsubscribe")!.value.slice(1, -1));
    const recipients = () =>
      Actor.provide({ type: "coordinator", orgId: org.id, coordinatorId: "crd_test", role: "coordinator" }, () => Summary.preview({ orgId: org.id, surveyId: survey.id, partnerId: partner.id })).then((p) => p.recipients);

    const page = await unsubscribe.request(link.pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="es"');
    expect(html).toContain(`¿Dejar de enviar resúmenes de encuestas de ${org.name} a ${address}?`);
    expect(html).toContain(`action="${link.pathname}"`);
    // Opening the link (as a mail scanner would) changes nothing.
    expect(await recipients()).toEqual([address]);

    const done = await unsubscribe.request(link.pathname, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`Listo. ${address} ya no recibirá resúmenes de encuestas de ${org.name}.`);
    expect(await recipients()).toEqual([]);

    const bad = await unsubscribe.request("/unsubscribe/partner/AAAAAAAAAAAAAAAAAAAAAA", { method: "POST" });
    expect(bad.status).toBe(404);
  });
});
