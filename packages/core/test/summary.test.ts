// Partner summaries end to end against DynamoDB Local and the SES v2 emulator: the job folds, renders
// in each partner's language and sends exactly once per (survey, partner, period), through crashes at
// either side of the send; one partner's failure does not stop another's; schedules, agreements,
// unsubscribes and opted-in comments behave as DESIGN §3–4 say.
process.env.TOKEN_SECRET ??= "test-secret";

import { randomBytes } from "node:crypto";
import { MessageRejected, SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { emailsTo, type StoredEmail } from "../../../test/ses";
import { Clock } from "../src/clock";
import { Contact } from "../src/contact";
import { Invitation } from "../src/invitation";
import { Response } from "../src/response";
import { Log } from "../src/log";
import { Mailer } from "../src/mailer";
import { Partner } from "../src/partner";
import { submitPublic } from "../src/response/public";
import { Store } from "../src/store";
import { Summary } from "../src/summary";
import { Survey } from "../src/survey";
import { as, coordinatorOf, newOrg, system } from "./fixtures";

afterEach(() => {
  vi.restoreAllMocks();
  Mailer.configure(undefined);
});

// The job's log lines, kept to check they carry no address, token or answer (DESIGN §3 rule 1).
const logged: string[] = [];
let previousSink: (line: string) => void;
beforeAll(() => {
  previousSink = Log.setSink((line) => logged.push(line));
});
afterAll(() => {
  Log.setSink(previousSink);
});

const T = (en: string, es: string, ar: string) => ({ en, es, ar });
const content = Survey.Content.parse({
  defaultLanguage: "en",
  languages: ["en", "es", "ar"],
  title: T("After-school check-in", "Encuesta después de clases", "استبيان ما بعد المدرسة"),
  questions: [
    {
      id: "programme",
      type: "single_choice",
      required: true,
      text: T("Which programme?", "¿Qué programa?", "أي برنامج؟"),
      options: [
        { id: "arts", text: T("Arts", "Arte", "الفنون") },
        { id: "tutoring", text: T("Tutoring", "Tutoría", "دروس التقوية") },
        { id: "health", text: T("Health", "Salud", "الصحة") },
      ],
    },
    { id: "recommend", type: "rating", text: T("Would you recommend it?", "¿Lo recomendaría?", "هل توصون به؟") },
    { id: "comments", type: "long_text", text: T("Anything else?", "¿Algo más?", "هل من شيء آخر؟") },
  ],
});

const inbox = (name: string) => `${name}.${randomBytes(4).toString("hex")}@partners.example.org`;
const year = new Date().getUTCFullYear();
const active = { start: `${year - 1}-01-01`, end: `${year + 1}-12-31` };

type Setup = Awaited<ReturnType<typeof setup>>;

/** An organisation, an open survey shared with partners, and `n` responses through the public link. */
async function setup(opts: { n?: number; shareComments?: string[]; comment?: (i: number) => string | undefined } = {}) {
  const org = await newOrg();
  const mk = (name: string, language: string, frequency: "weekly" | "monthly", agreement = active) =>
    system(() => Partner.create({ orgId: org.id, name, kind: "nonprofit", contactEmails: [inbox(name)], language, frequency, agreement }));
  const es = await mk("es", "es", "weekly");
  const ar = await mk("ar", "ar", "monthly");
  const en = await mk("en", "en", "weekly");
  const ended = await mk("ended", "en", "weekly", { start: `${year - 3}-01-01`, end: `${year - 2}-12-31` });
  const unshared = await mk("unshared", "en", "weekly");
  const slug = `s-${randomBytes(4).toString("hex")}`;
  const survey = await system(() =>
    Survey.create({
      orgId: org.id,
      slug,
      content,
      dimensions: ["language", "channel"],
      partnerIds: [es.id, ar.id, en.id, ended.id],
      shareComments: opts.shareComments ?? [],
    }),
  );
  await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "open" }));
  await answer(slug, opts.n ?? 40, opts.comment);
  return { org, survey, slug, partners: { es, ar, en, ended, unshared } };
}

/** Languages 18 en, 14 es, 8 ar: ar is a small segment; programme "health" is a small cell. */
async function answer(slug: string, n: number, comment?: (i: number) => string | undefined, from = 0) {
  for (let i = from; i < from + n; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, from + n - i) }, (_, j) => {
        const x = i + j;
        const text = comment?.(x);
        return submitPublic({
          slug,
          device: `d-${slug}-${x}-${randomBytes(4).toString("hex")}`,
          language: x % 5 === 4 ? "ar" : x % 20 < 9 ? "en" : "es",
          answers: { programme: x % 13 === 0 ? "health" : x % 2 ? "arts" : "tutoring", recommend: (x * 7) % 11, ...(text ? { comments: text } : {}) },
        });
      }),
    );
  }
}

const run = () => system(() => Summary.run());
const to = (p: Partner.Info) => p.contactEmails[0]!;
const csvOf = (e: StoredEmail) => Buffer.from(e.attachments!.find((a) => a.contentType.startsWith("text/csv"))!.content, "base64").toString("utf8");

/** Every count the email shows anywhere is zero or at least k. */
function expectNoSmallCounts(e: StoredEmail, k = 10) {
  const csv = csvOf(e).replace(/^\ufeff/, "").trim().split("\r\n");
  const header = csv[0]!.split(",");
  const at = header.indexOf("count");
  expect(at).toBeGreaterThan(-1);
  for (const line of csv.slice(1)) {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
    const n = Number(cells[at]);
    expect(n === 0 || n >= k, line).toBe(true);
  }
  for (const body of [e.body.html!, e.body.text!]) {
    for (const m of body.matchAll(/\((\d+)\)/g)) expect(Number(m[1]) === 0 || Number(m[1]) >= k, m[0]).toBe(true);
  }
}

describe("partner summaries", () => {
  it("sends each shared partner with an active agreement its summary, in its language, with HTML, text, CSV and one-click unsubscribe", async () => {
    const s = await setup();
    const result = await run();
    expect(result.count).toBeGreaterThanOrEqual(3);

    const [es] = await emailsTo(to(s.partners.es));
    const [ar] = await emailsTo(to(s.partners.ar));
    const [en] = await emailsTo(to(s.partners.en));
    expect(await emailsTo(to(s.partners.ended))).toEqual([]);
    expect(await emailsTo(to(s.partners.unshared))).toEqual([]);

    expect(es!.subject).toMatch(/^Encuesta después de clases: resultados hasta ahora \(semana del /);
    expect(es!.body.html).toContain('<html lang="es" dir="ltr">');
    expect(es!.body.html).toContain("¿Qué programa?");
    expect(es!.body.text).toContain("40 familias respondieron");
    expect(ar!.subject).toContain("استبيان ما بعد المدرسة");
    expect(ar!.body.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar!.body.html).toContain("أي برنامج؟");
    expect(en!.subject).toMatch(/^After-school check-in: results so far/);

    for (const e of [es!, ar!, en!]) {
      expect(e.body.html).toMatch(/^<!DOCTYPE html>/);
      expect(e.body.text!.length).toBeGreaterThan(200);
      const header = (name: string) => e.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
      expect(header("List-Unsubscribe")).toMatch(/^<http:\/\/127\.0\.0\.1:3000\/unsubscribe\/partner\/[A-Za-z0-9_-]{22}>$/);
      expect(header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(e.attachments).toHaveLength(1);
      expect(e.attachments![0]!.filename).toMatch(/\.csv$/);
      expectNoSmallCounts(e);
      // "health" was chosen by 4 families (3 in the first 40 x % 13 === 0 … plus none): hidden, so its
      // count and share appear nowhere.
      expect(csvOf(e)).not.toMatch(/Health|Salud|الصحة/);
    }
    // The small Arabic-speaking segment (8) is never shown on its own.
    expect(csvOf(en!)).not.toMatch(/,language,Arabic,/);
  });

  it("sends a period once: a second run, and a third, send nothing new", async () => {
    const s = await setup({ n: 20 });
    await run();
    await run();
    await run();
    expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
    expect(await emailsTo(to(s.partners.ar))).toHaveLength(1);
  });

  it("waits for k respondents before a periodic summary, then sends weekly or monthly, and a final one after close", async () => {
    const s = await setup({ n: 6 });
    await run();
    expect(await emailsTo(to(s.partners.es))).toEqual([]);
    await answer(s.slug, 10, undefined, 6);
    await run();
    expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
    expect(await emailsTo(to(s.partners.ar))).toHaveLength(1);

    // Eight days later: a new week for the weekly partner; the monthly one waits for its month.
    const later = new Date(Clock.now().getTime() + 8 * 86_400_000);
    const sameMonth = later.getUTCMonth() === new Date().getUTCMonth();
    const restore = Clock.set(later);
    try {
      await run();
      expect(await emailsTo(to(s.partners.es))).toHaveLength(2);
      expect(await emailsTo(to(s.partners.ar))).toHaveLength(sameMonth ? 1 : 2);
      await system(() => Survey.transition({ orgId: s.org.id, id: s.survey.id, to: "closed" }));
      await run();
      await run();
    } finally {
      restore();
    }
    const finals = (await emailsTo(to(s.partners.es))).filter((e) => e.subject.endsWith("resultados finales"));
    expect(finals).toHaveLength(1);
    expect((await emailsTo(to(s.partners.ar))).filter((e) => e.subject.endsWith("النتائج النهائية"))).toHaveLength(1);
    // Once every final summary is out, the closed survey is no longer followed.
    expect(await Store.get({ pk: "SUMMARISE", sk: `${s.org.id}#${s.survey.id}` })).toMatchObject({ done: true });
  });

  describe("exactly once through crashes", () => {
    it("a crash before the claim sends nothing; the next run sends once", async () => {
      const s = await setup({ n: 12 });
      const client = Store.client();
      const send = client.send.bind(client);
      vi.spyOn(client, "send").mockImplementation((async (command: unknown) => {
        if (command instanceof TransactWriteCommand && JSON.stringify(command.input).includes("summary_delivery")) throw new Error("store unreachable");
        return send(command as never);
      }) as typeof client.send);
      const first = await run();
      expect(first.count).toBe(0);
      vi.restoreAllMocks();
      expect(await emailsTo(to(s.partners.es))).toEqual([]);
      await run();
      expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
    });

    it("a crash after SES took the message, before it is recorded as sent, never sends it again", async () => {
      const s = await setup({ n: 12 });
      const client = Store.client();
      const send = client.send.bind(client);
      // The store fails exactly when the job marks the delivery sent: the email is out, the record says "sending".
      vi.spyOn(client, "send").mockImplementation((async (command: unknown) => {
        if (command instanceof UpdateCommand && JSON.stringify(command.input.ExpressionAttributeValues).includes('"sent"')) throw new Error("crash after send");
        return send(command as never);
      }) as typeof client.send);
      await run();
      vi.restoreAllMocks();
      expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
      await run();
      await run();
      expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
      // The coordinator sees it as unconfirmed once the claim is older than the lease.
      const restore = Clock.set(new Date(Date.now() + Summary.LEASE_MS + 60_000));
      try {
        const records = await as(coordinatorOf(s.org.id), () => Summary.deliveries({ orgId: s.org.id, surveyId: s.survey.id }));
        expect(records.find((r) => r.to === to(s.partners.es))!.status).toBe("unconfirmed");
      } finally {
        restore();
      }
    });

    it("a connection lost mid-send (the mailer port throws after SES took it) is unconfirmed, not retried", async () => {
      const s = await setup({ n: 12 });
      const ses = new SESv2Client({ endpoint: process.env.SES_ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
      const real = ses.send.bind(ses);
      vi.spyOn(ses, "send").mockImplementation((async (command: unknown) => {
        const out = await real(command as never);
        if (command instanceof SendEmailCommand && command.input.Destination?.ToAddresses?.[0] === to(s.partners.es)) throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
        return out;
      }) as typeof ses.send);
      Mailer.configure(ses);
      await run();
      await run();
      expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
      const records = await as(coordinatorOf(s.org.id), () => Summary.deliveries({ orgId: s.org.id, surveyId: s.survey.id }));
      expect(records.find((r) => r.to === to(s.partners.es))).toMatchObject({ status: "unconfirmed", error: "TimeoutError", attempts: 1 });
      // Everyone else got theirs.
      expect(await emailsTo(to(s.partners.en))).toHaveLength(1);
    });

    it("a rejected send is recorded as failed, does not stop other partners, and is retried next run", async () => {
      const s = await setup({ n: 12 });
      const ses = new SESv2Client({ endpoint: process.env.SES_ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
      const real = ses.send.bind(ses);
      let reject = true;
      vi.spyOn(ses, "send").mockImplementation((async (command: unknown) => {
        if (reject && command instanceof SendEmailCommand && command.input.Destination?.ToAddresses?.[0] === to(s.partners.es))
          throw new MessageRejected({ message: "Email address is not verified.", $metadata: { httpStatusCode: 400 } });
        return real(command as never);
      }) as typeof ses.send);
      Mailer.configure(ses);
      const first = await run();
      expect(first.failed).toBe(1);
      expect(await emailsTo(to(s.partners.es))).toEqual([]);
      expect(await emailsTo(to(s.partners.ar))).toHaveLength(1);
      expect(await emailsTo(to(s.partners.en))).toHaveLength(1);
      const failed = await as(coordinatorOf(s.org.id), () => Summary.deliveries({ orgId: s.org.id, surveyId: s.survey.id }));
      expect(failed.find((r) => r.to === to(s.partners.es))).toMatchObject({ status: "failed", error: "MessageRejected" });

      reject = false;
      await run();
      await run();
      expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
      expect(await emailsTo(to(s.partners.en))).toHaveLength(1);
      const after = await as(coordinatorOf(s.org.id), () => Summary.deliveries({ orgId: s.org.id, surveyId: s.survey.id }));
      expect(after.find((r) => r.to === to(s.partners.es))).toMatchObject({ status: "sent", attempts: 2 });
    });
  });

  it("never emails an address again after it used the one-click unsubscribe", async () => {
    const s = await setup({ n: 12 });
    await run();
    const [first] = await emailsTo(to(s.partners.es));
    const link = first!.headers!.find((h) => h.name === "List-Unsubscribe")!.value.slice(1, -1);
    const token = link.split("/").pop()!;
    expect(await Summary.unsubscribeInfo(token)).toMatchObject({ email: to(s.partners.es), language: "es" });
    expect(await Summary.unsubscribe(token)).toMatchObject({ email: to(s.partners.es) });
    expect(await Summary.unsubscribe("not-a-token")).toBeUndefined();
    const restore = Clock.set(new Date(Date.now() + 8 * 86_400_000));
    try {
      await run();
    } finally {
      restore();
    }
    expect(await emailsTo(to(s.partners.es))).toHaveLength(1);
    expect(await emailsTo(to(s.partners.en))).toHaveLength(2);
  });

  it("shares comments only for opted-in questions with at least k answers, scrubbed", async () => {
    const s = await setup({ n: 24, shareComments: ["comments"], comment: (i) => (i % 2 === 0 ? `Great tutors, call Amina at 555-010-${String(1000 + i)}` : undefined) });
    await system(() => Contact.create({ orgId: s.org.id, name: "Amina Farah", email: "amina@example.org", language: "en" }));
    await run();
    const [en] = await emailsTo(to(s.partners.en));
    expect(en!.body.html).toContain("What families said");
    expect(en!.body.html).toContain("Great tutors, call […]");
    expect(en!.body.html).not.toMatch(/555-010|Amina/);
    expect(en!.body.text).not.toMatch(/555-010|Amina/);

    // 12 answers is at least k; under k, nothing is shared even when opted in.
    const few = await setup({ n: 24, shareComments: ["comments"], comment: (i) => (i < 5 ? "Thanks" : undefined) });
    await run();
    const [fewEmail] = await emailsTo(to(few.partners.en));
    expect(fewEmail!.body.html).not.toContain("Thanks");
    // Not opted in: nothing, however many.
    const closed = await setup({ n: 24, comment: () => "Not for partners" });
    await run();
    const [closedEmail] = await emailsTo(to(closed.partners.en));
    expect(closedEmail!.body.html).not.toContain("Not for partners");
  });

  it("shows the response rate among families reached, unless the public-link remainder would be a small group", async () => {
    const org = await newOrg();
    const partner = await system(() =>
      Partner.create({ orgId: org.id, name: "rate", kind: "nonprofit", contactEmails: [inbox("rate")], language: "en", frequency: "weekly", agreement: active }),
    );
    const slug = `s-${randomBytes(4).toString("hex")}`;
    const survey = await system(() => Survey.create({ orgId: org.id, slug, content, dimensions: ["language", "channel"], partnerIds: [partner.id] }));
    await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "open" }));
    // 16 invitations went out, 12 were answered; 2 more were created but never sent.
    for (let i = 0; i < 18; i++) {
      const contact = await system(() => Contact.create({ orgId: org.id, name: `Family ${i}`, email: `family${i}.${slug}@example.org`, language: "en" }));
      const { token } = await system(() => Invitation.create({ orgId: org.id, surveyId: survey.id, contactId: contact.id, channel: "email", language: "en", dimensions: {} }));
      if (i < 16) await system(() => Invitation.setStatus({ token, status: "delivered" }));
      if (i < 12) await Response.submit({ token, answers: { programme: i % 2 ? "arts" : "tutoring", recommend: i % 11 } });
    }
    const coordinator = coordinatorOf(org.id);
    const preview = await as(coordinator, () => Summary.preview({ orgId: org.id, surveyId: survey.id, partnerId: partner.id }));
    expect(preview.text).toContain("That is 75% of the 16 families invited.");
    expect(preview.csv).toContain(",,all,All families,invited,16,75,");
    // Three public-link answers: respondents minus invited-and-answered would be 3, so no rate at all.
    await answer(slug, 3);
    const after = await as(coordinator, () => Summary.preview({ orgId: org.id, surveyId: survey.id, partnerId: partner.id }));
    expect(after.text).toContain("15 families answered");
    expect(after.text).not.toMatch(/families invited/);
    expect(after.csv).not.toContain("invited");
  });

  it("lets a coordinator preview any partner's email and send it now, once", async () => {
    const s: Setup = await setup({ n: 12 });
    const coordinator = coordinatorOf(s.org.id);
    const preview = await as(coordinator, () => Summary.preview({ orgId: s.org.id, surveyId: s.survey.id, partnerId: s.partners.ar.id }));
    expect(preview).toMatchObject({ locale: "ar", due: true, k: 10, recipients: [to(s.partners.ar)] });
    expect(preview.html).toContain('dir="rtl"');
    expect(preview.csv.split("\r\n")[0]).toBe("\ufeffquestion_id,question,breakdown,group,answer,count,percent,value");

    const sent = await as(coordinator, () => Summary.trigger({ orgId: s.org.id, surveyId: s.survey.id, partnerId: s.partners.ar.id }));
    expect(Object.values(sent.outcomes)).toEqual(["sent"]);
    const again = await as(coordinator, () => Summary.trigger({ orgId: s.org.id, surveyId: s.survey.id, partnerId: s.partners.ar.id }).catch((e: unknown) => e));
    expect(again).toMatchObject({ kind: "conflict", code: "summary.already_sent" });
    await run();
    expect(await emailsTo(to(s.partners.ar))).toHaveLength(1);

    const notShared = await as(coordinator, () => Summary.preview({ orgId: s.org.id, surveyId: s.survey.id, partnerId: s.partners.unshared.id }).catch((e: unknown) => e));
    expect(notShared).toMatchObject({ kind: "conflict", code: "summary.not_shared" });
    const ended = await as(coordinator, () => Summary.trigger({ orgId: s.org.id, surveyId: s.survey.id, partnerId: s.partners.ended.id }).catch((e: unknown) => e));
    expect(ended).toMatchObject({ kind: "conflict", code: "summary.not_due" });
    const other = await newOrg();
    const foreign = await as(coordinatorOf(other.id), () => Summary.preview({ orgId: s.org.id, surveyId: s.survey.id, partnerId: s.partners.ar.id }).catch((e: unknown) => e));
    expect(foreign).toMatchObject({ kind: "not_found" });
  });

  it("logs ids and outcomes only: no partner address, unsubscribe token, comment or figure", () => {
    expect(logged.some((l) => l.includes('"summary.sent"'))).toBe(true);
    for (const line of logged) {
      expect(line).not.toMatch(/partners\.example\.org|unsubscribe\/partner\/|Great tutors|Not for partners/);
    }
  });
});
