// Privacy of distribution (DESIGN §3 rules 1 and 2), over a whole run: import, preview, launch, send by
// email and SMS, a reminder, STOP by text, an unsubscribe, a bounce. Afterwards no item in the table but
// a contact holds a name, an email address or a phone number (markers and unsubscribe links are keyed
// by hashes), no link token is stored anywhere, queue messages carry ids only, and no log line holds
// any of them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { Log } from "@feedback/core/log";
import { Store } from "@feedback/core/store";
import { emailsTo } from "../../../test/ses";
import { form } from "../src/form/app";
import { handler as inboundSms } from "../src/inbound/sms";
import { jobs } from "../src/jobs";
import { openSurvey, rawScan, system } from "./support/fixtures";
import { localSending, tokenIn } from "./support/sending";

const lines: string[] = [];
let restoreSink: ReturnType<typeof Log.setSink>;
beforeAll(() => {
  restoreSink = Log.setSink((l) => lines.push(l));
});
afterAll(() => Log.setSink(restoreSink));


it("keeps names, emails, phones and tokens out of every item but the contact, out of the queue, and out of logs", { timeout: 60_000 }, async () => {
  const restore = Clock.set(new Date("2026-06-02T15:00:00Z"));
  try {
    const s = localSending();
    const sent: string[] = [];
    const send = s.queue.send.bind(s.queue);
    s.queue.send = async (m) => {
      sent.push(...m.map((x) => x.body));
      return send(m);
    };
    const { org, survey } = await openSurvey({ settings: { reminders: { max: 1, everyDays: 1 } } });
    const people = [
      ["Zainab Oyelaran", "zainab.oyelaran@example.org", "+12025550131", "English", "email"],
      ["Thuy Dương", "thuy.duong@example.org", "+12025550132", "Vietnamese", "sms"],
      ["Rafael Quintero", "rafael.quintero@example.org", "", "Spanish", "email"],
      ["Mariam Nour", "", "+12025550133", "Arabic", "sms"],
    ];
    const csv = ["Name,Email,Phone,Language,Channel", ...people.map((p) => p.join(","))].join("\n");
    await system(() => Contact.importContacts({ orgId: org.id, file: new TextEncoder().encode(csv) }));
    await system(() => Distribution.preview({ orgId: org.id, surveyId: survey.id }));
    await system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id }));
    await s.drain();
    Clock.set(new Date("2026-06-04T15:00:00Z"));
    await jobs.remind.run();
    await s.drain();
    await inboundSms({ Records: [{ Sns: { Message: JSON.stringify({ originationNumber: "+12025550133", destinationNumber: "+18005550199", messageBody: "STOP" }) } }] } as never);
    const [mail] = await emailsTo("rafael.quintero@example.org");
    const unsubscribe = new URL(mail!.headers!.find((h) => h.name === "List-Unsubscribe")!.value.slice(1, -1));
    await form.request(unsubscribe.pathname, { method: "POST" });

    const invitations = (await system(() => Invitation.list({ orgId: org.id, surveyId: survey.id }))).invitations;
    const tokens = await Promise.all(invitations.map((i) => Invitation.tokenFor(i.id)));
    const texts = (await s.outbox.list()).map((m) => m.text);
    expect(texts.map(tokenIn).filter(Boolean).length).toBeGreaterThanOrEqual(2);
    const secrets = [
      ...people.flatMap(([name, email, phone]) => [name!, email!, phone!, phone!.slice(2)].filter((v) => v.length > 3)),
      ...tokens,
      unsubscribe.pathname.split("/").pop()!,
    ];

    const items = await rawScan();
    const others = items.filter((i) => i.type !== "contact");
    expect(others.map((i) => i.type)).toEqual(expect.arrayContaining(["invitation", "contact_address", "unsubscribe_link", "launch"]));
    const stored = JSON.stringify(others);
    expect(secrets.filter((v) => stored.includes(v))).toEqual([]);
    // Contact items hold them, and only they do.
    expect(JSON.stringify(items.filter((i) => i.type === "contact"))).toContain("zainab.oyelaran@example.org");
    // Queue messages: ids and a round, nothing else (the contact's id, never its address).
    expect(sent.length).toBeGreaterThan(4);
    for (const body of sent) expect(Object.keys(JSON.parse(body)).sort()).toEqual(["channels", "contactId", "invitationId", "orgId", "round", "surveyId", "v"]);
    expect(secrets.filter((v) => sent.join("\n").includes(v))).toEqual([]);
    // Logs.
    expect(lines.length).toBeGreaterThan(10);
    expect(secrets.filter((v) => lines.join("\n").includes(v))).toEqual([]);
  } finally {
    restore();
  }
});
