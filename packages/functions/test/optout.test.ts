// Opting out: one-click unsubscribe from email (RFC 8058 POST, and a translated confirmation page that
// works without JavaScript), STOP/START/HELP by text in the supported languages (the SNS handler AWS
// invokes, and the local outbox's reply), and SES bounces, complaints and deliveries. Opt-outs are
// per organisation and stick until the family opts back in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { hash } from "@feedback/core/util";
import { emailsTo } from "../../../test/ses";
import { unsubscribe } from "../src/unsubscribe/app";
import { handler as sesEvents } from "../src/inbound/ses-events";
import { handler as inboundSms } from "../src/inbound/sms";
import { createLocalApp } from "../src/local/server";
import { openSurvey, system } from "./support/fixtures";
import { localSending } from "./support/sending";

let restore: () => void;
beforeEach(() => {
  restore = Clock.set(new Date("2026-05-05T15:00:00Z"));
});
afterEach(() => restore());

const csv = (lines: string[]) => new TextEncoder().encode(["Name,Email,Phone,Language,Channel", ...lines].join("\n"));
async function launched(lines: string[]) {
  const s = localSending();
  const { org, survey } = await openSurvey();
  const report = await system(() => Contact.importContacts({ orgId: org.id, file: csv(lines), detail: "all" }));
  await system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id }));
  await s.drain();
  return { s, org, survey, ids: report.report.map((r) => r.contactId!) };
}
const contact = (orgId: string, id: string) => system(() => Contact.get({ orgId, id }));
const sns = (message: unknown) => ({ Records: [{ Sns: { Message: JSON.stringify(message) } }] }) as never;

describe("email unsubscribe", () => {
  it("shows a translated confirmation page, and unsubscribes on POST (RFC 8058 one-click, no cookies)", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const { org, ids } = await launched([`Ana,ana.${tag}@example.org,,Spanish,email`]);
    const [mail] = await emailsTo(`ana.${tag}@example.org`);
    const header = mail!.headers!.find((h) => h.name === "List-Unsubscribe")!.value;
    const url = new URL(header.slice(1, -1));
    expect(mail!.body.html).toContain(url.href);
    expect(mail!.body.text).toContain(url.href);

    const page = await unsubscribe.request(url.pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain("¿Dejar de recibir correos de encuestas de Test District?");
    expect(html).toMatch(/<form method="post" action="\/u\/[A-Za-z0-9_-]{22}">/);
    expect(html).not.toContain(`ana.${tag}`); // the page never shows the address
    // GET changes nothing: mail scanners follow links.
    expect((await contact(org.id, ids[0]!)).optedOut.email).toBe(false);

    const post = await unsubscribe.request(url.pathname, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("Su suscripción fue cancelada");
    expect((await contact(org.id, ids[0]!)).optedOut).toEqual({ email: true, sms: false });
    // Twice is fine.
    expect((await unsubscribe.request(url.pathname, { method: "POST" })).status).toBe(200);

    // The local server hands these links to the same app (its own function in AWS), once: one CSP.
    const local = await createLocalApp({ health: async () => ({}), links: {} }).request(url.pathname);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain("¿Dejar de recibir correos de encuestas de Test District?");
    expect(local.headers.get("content-security-policy")).toMatch(/^[^,]*script-src 'none'[^,]*$/);
  });

  it("answers an unknown token with a 404 page and changes nothing", async () => {
    const res = await unsubscribe.request(`/u/${"x".repeat(22)}`, { method: "POST", headers: { "accept-language": "fr" } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Ce lien ne fonctionne pas");
  });
});

describe("SMS keywords", () => {
  it.each([
    ["STOP", "en", "You will not get more texts from Test District. Reply START to get them again."],
    ["parar", "es", "Ya no recibirá mensajes de Test District."],
    ["Arrêt", "fr", "Vous ne recevrez plus de SMS de Test District."],
    ["停止", "zh-Hans", "您将不再收到Test District的短信。"],
    ["DỪNG", "vi", "Bạn sẽ không nhận thêm tin nhắn từ Test District."],
    ["stop please", "en", "Reply START"],
  ])("%s opts the sender out and is confirmed in the family's language", async (word, _language, reply) => {
    const phone = `+1202555${String(1000 + Math.floor(Math.random() * 8999)).slice(0, 4)}`;
    const languages: Record<string, string> = { en: "English", es: "Spanish", fr: "French", "zh-Hans": "Chinese", vi: "Vietnamese" };
    const { s, org, ids } = await launched([`Fam,,${phone},${languages[_language]},sms`]);
    const [text] = (await s.outbox.list()).filter((m) => m.to === phone);
    await inboundSms(sns({ originationNumber: phone, destinationNumber: text!.from, messageBody: word, messageKeyword: "KEYWORD_X" }));
    expect((await contact(org.id, ids[0]!)).optedOut.sms).toBe(true);
    const answer = (await s.outbox.list()).find((m) => m.to === phone && m.direction === "out" && m.id !== text!.id)!;
    expect(answer.text).toContain(reply);
    expect(answer.from).toBe(text!.from);
  });

  it("START opts back in, HELP answers without changing anything, and free text is ignored", async () => {
    const phone = "+12025550161";
    const { s, org, ids } = await launched([`Fam,,${phone},Haitian Creole,sms`]);
    await inboundSms(sns({ originationNumber: phone, destinationNumber: "+18005550199", messageBody: "STOP" }));
    expect((await contact(org.id, ids[0]!)).optedOut.sms).toBe(true);
    await inboundSms(sns({ originationNumber: phone, destinationNumber: "+18005550199", messageBody: "START" }));
    expect((await contact(org.id, ids[0]!)).optedOut.sms).toBe(false);
    await inboundSms(sns({ originationNumber: phone, destinationNumber: "+18005550199", messageBody: "help" }));
    expect((await contact(org.id, ids[0]!)).optedOut.sms).toBe(false);
    await inboundSms(sns({ originationNumber: phone, destinationNumber: "+18005550199", messageBody: "Thank you, see you Tuesday" }));
    const replies = (await s.outbox.list()).filter((m) => m.to === phone).map((m) => m.text);
    expect(replies).toEqual(
      expect.arrayContaining([
        "Ou p ap resevwa lòt mesaj Test District ankò. Reponn START pou resevwa yo ankò.",
        "W ap resevwa mesaj Test District ankò. Reponn STOP pou sispann.",
        "Sondaj pou fanmi Test District. Frè mesaj ak done ka aplike. Reponn STOP pou sispann.",
      ]),
    );
    expect(replies).toHaveLength(4); // the invitation and three keyword replies; nothing for free text
  });

  it("is per organisation: STOP from a number two districts know opts it out of both, and survives erasure and re-import", async () => {
    const phone = "+12025550162";
    const a = await launched([`Fam,,${phone},English,sms`]);
    const b = await launched([`Fam,,${phone},English,sms`]);
    await inboundSms(sns({ originationNumber: phone, destinationNumber: "+18005550199", messageBody: "STOP" }));
    expect((await contact(a.org.id, a.ids[0]!)).optedOut.sms).toBe(true);
    expect((await contact(b.org.id, b.ids[0]!)).optedOut.sms).toBe(true);
    await system(() => Contact.erase({ orgId: a.org.id, id: a.ids[0]! }));
    const again = await system(() => Contact.importContacts({ orgId: a.org.id, file: csv([`Fam,,${phone},English,sms`]), detail: "all" }));
    expect((await contact(a.org.id, again.report[0]!.contactId!)).optedOut.sms).toBe(true);
  });

  it("can be replied to from the local outbox (/dev/sms), through the same handler", async () => {
    const phone = "+12025550163";
    const { s, org, ids } = await launched([`Fam,,${phone},Spanish,sms`]);
    const app = createLocalApp({ health: async () => ({}), links: {}, outbox: s.outbox });
    const list = (await (await app.request("/dev/sms.json")).json()) as { messages: { id: string; to: string; text: string; link?: string; direction: string }[] };
    const invitation = list.messages.find((m) => m.to === phone)!;
    expect(invitation.link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/s\/[A-Za-z0-9_-]{22}$/);
    expect(invitation.text).toContain(invitation.link);
    const page = await app.request("/dev/sms");
    expect(await page.text()).toContain(`action="/dev/sms/${invitation.id}/reply"`);
    const res = await app.request(`/dev/sms/${invitation.id}/reply`, { method: "POST", body: new URLSearchParams([["text", "PARAR"], ["text", ""]]), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(303);
    expect((await contact(org.id, ids[0]!)).optedOut.sms).toBe(true);
    const after = (await (await app.request("/dev/sms.json")).json()) as typeof list;
    expect(after.messages.filter((m) => m.to === phone || m.direction === "in").map((m) => m.text)).toContain("PARAR");
  });
});

describe("SES events", () => {
  it("a permanent bounce marks the address and the invitation; a complaint opts out; a delivery marks delivered", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const { org, survey, ids } = await launched([`B,b.${tag}@example.org,,English,email`, `C,c.${tag}@example.org,,English,email`, `D,d.${tag}@example.org,,English,email`]);
    const invitations = (await system(() => Invitation.list({ orgId: org.id, surveyId: survey.id }))).invitations;
    const tagsFor = async (contactId: string) => {
      const inv = invitations.find((i) => i.contactId === contactId)!;
      return { org: [org.id], contact: [contactId], invitation: [hash(await Invitation.tokenFor(inv.id))], round: ["0"] };
    };
    await sesEvents(sns({ eventType: "Bounce", bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: `b.${tag}@example.org` }] }, mail: { tags: await tagsFor(ids[0]!) } }));
    await sesEvents(sns({ eventType: "Complaint", complaint: { complainedRecipients: [] }, mail: { tags: await tagsFor(ids[1]!) } }));
    await sesEvents(sns({ eventType: "Delivery", delivery: {}, mail: { tags: await tagsFor(ids[2]!) } }));
    await sesEvents(sns({ eventType: "Bounce", bounce: { bounceType: "Transient" }, mail: { tags: await tagsFor(ids[2]!) } }));
    expect(await contact(org.id, ids[0]!)).toMatchObject({ emailStatus: "bounced" });
    expect(await contact(org.id, ids[1]!)).toMatchObject({ emailStatus: "complained", optedOut: { email: true, sms: false } });
    expect(await contact(org.id, ids[2]!)).toMatchObject({ emailStatus: "ok" });
    const after = Object.fromEntries((await system(() => Invitation.list({ orgId: org.id, surveyId: survey.id }))).invitations.map((i) => [i.contactId, i.status]));
    expect(after).toEqual({ [ids[0]!]: "bounced", [ids[1]!]: "sent", [ids[2]!]: "delivered" });
    // The bounce outlives the contact: a re-import after erasure keeps the address suppressed.
    await system(() => Contact.erase({ orgId: org.id, id: ids[0]! }));
    const again = await system(() => Contact.importContacts({ orgId: org.id, file: csv([`B,b.${tag}@example.org,,English,email`]), detail: "all" }));
    expect(await contact(org.id, again.report[0]!.contactId!)).toMatchObject({ emailStatus: "bounced" });
  });

  it("ignores events of emails that are not invitations, and events that are not SES's", async () => {
    await sesEvents(sns({ eventType: "Bounce", bounce: { bounceType: "Permanent" }, mail: { tags: {} } }));
    await sesEvents({ Records: [{ Sns: { Message: "not json" } }] } as never);
  });
});
