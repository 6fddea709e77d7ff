// Reminders: the scheduled job re-invites families who have not answered, at most N times, at least
// D days apart, never once the survey is closed, never to a family that opted out, and (anonymous
// mode) knowing only the invitation's "answered" mark. Time moves on the Clock.
import { afterEach, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { Response } from "@feedback/core/response";
import { Survey } from "@feedback/core/survey";
import { emailsTo } from "../../../test/ses";
import { jobs } from "../src/jobs";
import { openSurvey, system } from "./support/fixtures";
import { localSending, tokenIn } from "./support/sending";

const DAY = 86_400_000;
const START = new Date("2026-04-14T14:00:00Z"); // 10:00 in New York
let restore: (() => void) | undefined;
afterEach(() => restore?.());
const at = (days: number) => {
  restore?.();
  restore = Clock.set(new Date(START.getTime() + days * DAY));
};

it("reminds non-answerers at most N times, D days apart, skipping those who answered or opted out, and never after close", { timeout: 60_000 }, async () => {
  at(0);
  const s = localSending();
  const tag = Math.random().toString(36).slice(2, 8);
  const { org, survey } = await openSurvey({ settings: { reminders: { max: 2, everyDays: 3 } } });
  const names = ["answers", "waits", "opts-out", "waits-too"];
  const report = await system(() =>
    Contact.importContacts({ orgId: org.id, file: new TextEncoder().encode(["Name,Email,Language", ...names.map((n) => `${n},${n}.${tag}@example.org,English`)].join("\n")), detail: "all" }),
  );
  await system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id, channels: ["email"] }));
  await s.drain();
  const inbox = (n: string) => emailsTo(`${n}.${tag}@example.org`);
  for (const n of names) expect(await inbox(n)).toHaveLength(1);

  // One family answers through its link; another unsubscribes from email.
  const token = tokenIn((await inbox("answers"))[0]!.body.text!)!;
  await Response.submit({ token, answers: { programme: "tutoring", satisfaction: 5, barrier: "none" } });
  await system(() => Contact.setOptOut({ orgId: org.id, id: report.report[2]!.contactId!, channel: "email" }));

  at(1); // too soon
  expect(await jobs.remind.run()).toEqual({ count: 0 });

  at(3.1);
  expect(await jobs.remind.run()).toEqual({ count: 3 });
  // A second run (EventBridge retrying, or the next tick) queues nothing more.
  expect(await jobs.remind.run()).toEqual({ count: 0 });
  await s.drain();
  expect((await inbox("waits")).map((e) => e.subject)).toEqual(["Family Partnership Survey: we would like to hear from you", "Reminder: Family Partnership Survey"]);
  expect(await inbox("waits-too")).toHaveLength(2);
  expect(await inbox("answers")).toHaveLength(1);
  expect(await inbox("opts-out")).toHaveLength(1);
  // The reminder carries the same link as the invitation.
  expect(tokenIn((await inbox("waits"))[1]!.body.text!)).toBe(tokenIn((await inbox("waits"))[0]!.body.text!));

  at(5); // only two days after the first reminder
  expect(await jobs.remind.run()).toEqual({ count: 0 });
  at(6.2);
  expect(await jobs.remind.run()).toEqual({ count: 2 });
  await s.drain();
  expect(await inbox("waits")).toHaveLength(3);
  at(9.3); // N = 2 reached
  expect(await jobs.remind.run()).toEqual({ count: 0 });

  const invitations = (await system(() => Invitation.list({ orgId: org.id, surveyId: survey.id }))).invitations;
  const byContact = Object.fromEntries(invitations.map((i) => [i.contactId, i]));
  expect(byContact[report.report[0]!.contactId!]).toMatchObject({ answered: true, remindersSent: 0 });
  expect(byContact[report.report[1]!.contactId!]).toMatchObject({ answered: false, remindersSent: 2, status: "sent" });
  expect(byContact[report.report[2]!.contactId!]).toMatchObject({ status: "opted_out" });
});

it("sends no reminder once the survey is closed", async () => {
  at(0);
  const s = localSending();
  const tag = Math.random().toString(36).slice(2, 8);
  const { org, survey } = await openSurvey({ settings: { reminders: { max: 3, everyDays: 1 } } });
  await system(() => Contact.importContacts({ orgId: org.id, file: new TextEncoder().encode(`Name,Email\nLate,late.${tag}@example.org\n`) }));
  await system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id }));
  await s.drain();
  at(2);
  // Queued, then closed before the worker got to it: the worker does not send it either.
  expect(await jobs.remind.run()).toEqual({ count: 1 });
  await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "closed" }));
  Distribution.forgetCaches();
  await s.drain();
  at(4);
  expect(await jobs.remind.run()).toEqual({ count: 0 });
  expect(await emailsTo(`late.${tag}@example.org`)).toHaveLength(1);
});
