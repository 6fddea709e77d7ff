// Sending invitations through the real path: contacts imported from CSV, a launch that queues them,
// the worker's own handler draining the in-process queue, email into the SES emulator (asserted from
// its store), SMS into the outbox, links opening the form. Each contact gets exactly one message, in
// their language, on their channel.
import { MessageRejected, TooManyRequestsException } from "@aws-sdk/client-sesv2";
import { ServiceQuotaExceededException, ThrottlingException } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { Mailer } from "@feedback/core/mailer";
import { Queue } from "@feedback/core/queue";
import { Texter } from "@feedback/core/texter";
import { emailsTo } from "../../../test/ses";
import { form } from "../src/form/app";
import { handler } from "../src/workers/send";
import { openSurvey, system } from "./support/fixtures";
import { localSending, tokenIn } from "./support/sending";

// 10:00 in New York (the test organisations' time zone): inside SMS hours.
const DAYTIME = new Date("2026-03-10T15:00:00Z");
let restoreClock: () => void;
beforeEach(() => {
  restoreClock = Clock.set(DAYTIME);
});
afterEach(() => {
  restoreClock();
  Distribution.configureSender({});
  Distribution.Pace.reset();
});

const unique = () => Math.random().toString(36).slice(2, 8);
const invitationsOf = async (orgId: string, surveyId: string) => (await system(() => Invitation.list({ orgId, surveyId }))).invitations;
const launch = (orgId: string, surveyId: string, channels: ("email" | "sms")[] = ["email", "sms"]) => system(() => Distribution.launch({ orgId, surveyId, channels }));

/** A mail client whose first `n` calls are throttled by SES (the SDK's own exception class). */
function throttledMail(n: number) {
  const client = Mailer.createClient({ maxAttempts: 1 });
  let left = n;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (left-- > 0) throw new TooManyRequestsException({ message: "Maximum sending rate exceeded.", $metadata: { httpStatusCode: 429 } });
      return next(args);
    },
    { step: "initialize", name: "throttleForTest" },
  );
  return client;
}

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

  it("never invites anyone twice when launch is double-clicked, or clicked again later", async () => {
    const s = localSending();
    const tag = unique();
    const { org, survey } = await setup(Array.from({ length: 6 }, (_, i) => `P${i},p${i}.${tag}@example.org,,English,,Maple,K-2`));
    const both = await Promise.allSettled([launch(org.id, survey.id), launch(org.id, survey.id)]);
    const refused = both.filter((r) => r.status === "rejected");
    // Either the second click waited its turn (and found nothing left to do) or it was told the launch is running.
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ kind: "conflict", code: "launch.running" });
    const again = await launch(org.id, survey.id);
    expect(again.counts.invited).toBe(6);
    await s.drain();
    expect(await invitationsOf(org.id, survey.id)).toHaveLength(6);
    for (let i = 0; i < 6; i++) expect(await emailsTo(`p${i}.${tag}@example.org`)).toHaveLength(1);
    // A later launch with a new contact invites only the newcomer.
    await system(() => Contact.importContacts({ orgId: org.id, file: csv([`New,new.${tag}@example.org,,English,,Maple,K-2`]) }));
    const later = await launch(org.id, survey.id);
    expect(later.counts.invited).toBe(7);
    await s.drain();
    expect(await emailsTo(`new.${tag}@example.org`)).toHaveLength(1);
    expect(await emailsTo(`p0.${tag}@example.org`)).toHaveLength(1);
  });

  it("carries on after a launch that failed half way, queueing the unsent and never sending twice", async () => {
    process.env.LAUNCH_PAGE_SIZE = "3";
    try {
      const s = localSending();
      const tag = unique();
      const { org, survey } = await setup(Array.from({ length: 8 }, (_, i) => `P${i},h${i}.${tag}@example.org,,English,,Maple,K-2`));
      // The queue refuses the second page: the launch dies after writing its invitations.
      let sends = 0;
      Queue.configure({
        send: async (m) => {
          if (++sends === 2) throw new Error("queue unavailable");
          return s.queue.send(m);
        },
        defer: (h, sec) => s.queue.defer(h, sec),
      });
      await expect(launch(org.id, survey.id)).rejects.toThrow("queue unavailable");
      Queue.configure(s.queue);
      // Its lease holds a double click off for a minute, then the next launch carries on, carefully.
      await expect(launch(org.id, survey.id)).rejects.toMatchObject({ code: "launch.running" });
      restoreClock = Clock.set(new Date(DAYTIME.getTime() + 2 * 60_000));
      const resumed = await launch(org.id, survey.id);
      expect(resumed.done).toBe(true);
      await s.drain();
      for (let i = 0; i < 8; i++) expect(await emailsTo(`h${i}.${tag}@example.org`), `contact ${i}`).toHaveLength(1);
      expect((await invitationsOf(org.id, survey.id)).every((i) => i.status === "sent")).toBe(true);
    } finally {
      delete process.env.LAUNCH_PAGE_SIZE;
    }
  });

  it("sends each invitation once when the queue delivers every message twice, even to concurrent workers", async () => {
    const s = localSending({ duplicate: true });
    const tag = unique();
    const { org, survey } = await setup([
      ...Array.from({ length: 8 }, (_, i) => `E${i},d${i}.${tag}@example.org,,Spanish,,Maple,K-2`),
      ...Array.from({ length: 4 }, (_, i) => `S${i},,(202) 555-01${20 + i},Vietnamese,sms,Maple,K-2`),
    ]);
    await launch(org.id, survey.id);
    expect(s.queue.sent).toBe(24);
    await s.drain(3);
    for (let i = 0; i < 8; i++) expect(await emailsTo(`d${i}.${tag}@example.org`)).toHaveLength(1);
    const texts = (await s.outbox.list()).filter((m) => m.direction === "out");
    for (let i = 0; i < 4; i++) expect(texts.filter((m) => m.to === `+120255501${20 + i}`)).toHaveLength(1);
    // And a batch redelivered after it was handled (a worker that died before deleting it) sends nothing.
    const replay = { Records: (await invitationsOf(org.id, survey.id)).map((i, n) => ({ messageId: `m${n}`, receiptHandle: `r${n}`, body: JSON.stringify({ v: 1, orgId: org.id, surveyId: survey.id, invitationId: i.id, round: 0, channels: ["email", "sms"] }), attributes: { ApproximateReceiveCount: "2" }, eventSourceARN: Queue.LOCAL_ARN })) };
    expect(await handler(replay)).toEqual({ batchItemFailures: [] });
    for (let i = 0; i < 8; i++) expect(await emailsTo(`d${i}.${tag}@example.org`)).toHaveLength(1);
  });

  it("backs off when SES and the SMS provider throttle (their own exception classes), then sends once", async () => {
    const s = localSending();
    const tag = unique();
    Distribution.configureSender({ mailClient: throttledMail(3) });
    let smsThrottles = 2;
    Texter.configure({
      send: async (sms) => {
        if (smsThrottles-- > 0) throw new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 429 } });
        return s.outbox.send(sms);
      },
    });
    const { org, survey } = await setup([`T,t.${tag}@example.org,,English,,Maple,K-2`, `U,,(202) 555-0140,English,sms,Maple,K-2`]);
    await launch(org.id, survey.id);
    const started = Date.now();
    await s.drain();
    expect(Date.now() - started).toBeGreaterThan(250); // it waited (exponential, with jitter) rather than failing
    expect(await emailsTo(`t.${tag}@example.org`)).toHaveLength(1);
    expect((await s.outbox.list()).filter((m) => m.to === "+12025550140")).toHaveLength(1);
    expect((await invitationsOf(org.id, survey.id)).map((i) => i.status)).toEqual(["sent", "sent"]);
  });

  it("retries what the provider did not send, and after the last receive records the failure and leaves it to the dead-letter queue", async () => {
    const s = localSending({ visibilityTimeoutMs: 1 });
    Texter.configure({ send: async () => Promise.reject(new ServiceQuotaExceededException({ message: "Spend limit reached", $metadata: { httpStatusCode: 402 }, Reason: "SPEND_LIMIT" } as never)) });
    const { org, survey } = await setup([`Q,,(202) 555-0141,English,sms,Maple,K-2`]);
    await launch(org.id, survey.id);
    for (let i = 0; i < 8 && s.queue.dead.length === 0; i++) {
      await s.drain();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(s.queue.dead).toHaveLength(1);
    expect(s.queue.dead[0]!.receiveCount).toBe(5);
    const [inv] = await invitationsOf(org.id, survey.id);
    expect(inv).toMatchObject({ status: "failed", failure: "retries_exhausted:unavailable", sentRound: -1 });
  });

  it("records a message the provider refused (a bad address) as failed, without retrying it", async () => {
    const s = localSending();
    Texter.configure({ send: async () => Promise.reject(new MessageRejected({ message: "Address blacklisted.", $metadata: { httpStatusCode: 400 } })) });
    const { org, survey } = await setup([`R,,(202) 555-0142,English,sms,Maple,K-2`]);
    await launch(org.id, survey.id);
    expect(await s.drain()).toBe(1);
    const [inv] = await invitationsOf(org.id, survey.id);
    expect(inv).toMatchObject({ status: "failed", failure: "rejected:MessageRejected", sentRound: 0 });
  });

  it("sends texts only between 08:00 and 20:00 in the organisation's time zone; later ones wait in the queue", async () => {
    // 21:30 in New York.
    Clock.set(new Date("2026-03-11T01:30:00Z"));
    const s = localSending({ now: () => Clock.now().getTime() });
    const tag = unique();
    const { org, survey } = await setup([`Night Email,n.${tag}@example.org,,English,,Maple,K-2`, `Night Text,,(202) 555-0143,Spanish,sms,Maple,K-2`]);
    await launch(org.id, survey.id);
    await s.drain();
    expect(await emailsTo(`n.${tag}@example.org`)).toHaveLength(1);
    expect((await s.outbox.list()).filter((m) => m.to === "+12025550143")).toHaveLength(0);
    expect(s.queue.stats()).toMatchObject({ visible: 0, hidden: 1 });
    // 07:30 the next morning: still waiting.
    Clock.set(new Date("2026-03-11T11:30:00Z"));
    await s.drain();
    expect((await s.outbox.list()).filter((m) => m.to === "+12025550143")).toHaveLength(0);
    // 08:20: it has come back and gone out, once.
    Clock.set(new Date("2026-03-11T12:20:00Z"));
    await s.drain();
    const texts = (await s.outbox.list()).filter((m) => m.to === "+12025550143");
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toContain("Responda STOP");
  });

  it("chooses the channel by preference and availability, and skips opted-out and bounced addresses", async () => {
    const s = localSending();
    const tag = unique();
    const { org, survey, report } = await setup([
      `Prefers Text Opted Out,a.${tag}@example.org,(202) 555-0150,English,sms,Maple,K-2`, // SMS opted out: email instead
      `All Out,b.${tag}@example.org,(202) 555-0151,English,,Maple,K-2`, // both opted out: nothing
      `Bounced,c.${tag}@example.org,,English,email,Maple,K-2`, // bounced, no phone: nothing
      `Text Only,,(202) 555-0152,English,sms,Maple,K-2`, // an email-only launch cannot reach them
    ]);
    const id = (line: number) => report.report.find((r) => r.line === line)!.contactId!;
    await system(async () => {
      await Contact.setOptOut({ orgId: org.id, id: id(2), channel: "sms" });
      await Contact.setOptOut({ orgId: org.id, id: id(3), channel: "sms" });
      await Contact.setOptOut({ orgId: org.id, id: id(3), channel: "email" });
      await Contact.setEmailStatus({ orgId: org.id, id: id(4), status: "bounced" });
    });
    const launched = await launch(org.id, survey.id, ["email"]);
    expect(launched.counts).toMatchObject({ contacts: 4, invited: 1, unreachable: 3 });
    await s.drain();
    expect(await emailsTo(`a.${tag}@example.org`)).toHaveLength(1);
    expect(await emailsTo(`b.${tag}@example.org`)).toHaveLength(0);
    expect(await emailsTo(`c.${tag}@example.org`)).toHaveLength(0);
    expect((await s.outbox.list()).filter((m) => m.to.startsWith("+1202555015"))).toHaveLength(0);

    // Opted out after the launch queued them: the worker checks again when it sends.
    const tag2 = unique();
    const late = await setup([`Late,late.${tag2}@example.org,(202) 555-0153,English,sms,Maple,K-2`]);
    await launch(late.org.id, late.survey.id);
    const lateId = late.report.report[0]!.contactId!;
    await system(async () => {
      await Contact.setOptOut({ orgId: late.org.id, id: lateId, channel: "sms" });
      await Contact.setOptOut({ orgId: late.org.id, id: lateId, channel: "email" });
    });
    await s.drain();
    expect(await emailsTo(`late.${tag2}@example.org`)).toHaveLength(0);
    expect(await invitationsOf(late.org.id, late.survey.id)).toMatchObject([{ status: "opted_out", failure: "opted_out" }]);
  });

  it("refuses to launch a survey that opens later, or one that is closed", async () => {
    localSending();
    const later = await setup([`X,x.${unique()}@example.org,,English,,Maple,K-2`], { settings: { opensAt: "2026-04-01T12:00:00Z" } });
    await expect(launch(later.org.id, later.survey.id)).rejects.toMatchObject({ kind: "conflict", code: "launch.not_yet_open" });
    const closed = await setup([`Y,y.${unique()}@example.org,,English,,Maple,K-2`], { settings: { closesAt: "2026-03-20T12:00:00Z" } });
    restoreClock = Clock.set(new Date("2026-03-21T12:00:00Z"));
    await expect(launch(closed.org.id, closed.survey.id)).rejects.toMatchObject({ kind: "conflict", code: "launch.closed" });
    expect(await invitationsOf(closed.org.id, closed.survey.id)).toEqual([]);
  });

  it("paces each channel at its configured rate", async () => {
    Distribution.Pace.reset();
    const before = { email: process.env.SEND_RATE_EMAIL, workers: process.env.SEND_WORKERS };
    process.env.SEND_RATE_EMAIL = "20";
    process.env.SEND_WORKERS = "2"; // two workers share the 20 a second: 10 each
    try {
      const started = Date.now();
      for (let i = 0; i < 6; i++) await Distribution.Pace.take("email");
      // Six slots 100 ms apart: the last at 500 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(490);
    } finally {
      process.env.SEND_RATE_EMAIL = before.email;
      process.env.SEND_WORKERS = before.workers;
      Distribution.Pace.reset();
    }
  });
});
