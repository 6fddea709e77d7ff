// Exactly once under a crash: a worker process is killed (SIGKILL) in the middle of a batch, and the
// queue then redelivers the whole batch to another worker. Nobody gets a second email; everyone not
// caught in the one uncertain window (the provider call that was in flight) gets exactly one; the one
// in flight, if any, is recorded as "uncertain" and not sent again (see distribution/send.ts).
import { fork } from "node:child_process";
import { afterEach, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { emailsTo } from "../../../test/ses";
import { openSurvey, system } from "./support/fixtures";
import { localSending } from "./support/sending";

let restore: (() => void) | undefined;
afterEach(() => restore?.());

it("a worker killed mid-batch never causes a second email, and the rest are sent on redelivery", { timeout: 60_000 }, async () => {
  const s = localSending();
  const tag = Math.random().toString(36).slice(2, 8);
  const { org, survey } = await openSurvey();
  const rows = Array.from({ length: 10 }, (_, i) => `Family ${i},k${i}.${tag}@example.org,English`);
  await system(() => Contact.importContacts({ orgId: org.id, file: new TextEncoder().encode(["Name,Email,Language", ...rows].join("\n")) }));
  await system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id, channels: ["email"] }));
  const batch = s.queue.receive(10);
  expect(batch).toHaveLength(10);

  // The child sends four emails a second, so the kill lands in the middle of its batch.
  const child = fork(new URL("./support/worker-child.ts", import.meta.url).pathname, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, SEND_RATE_EMAIL: "4", SEND_WORKERS: "1", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await new Promise<void>((resolve) => child.once("message", () => resolve()));
  child.send({
    records: batch.map((m) => ({ messageId: m.messageId, receiptHandle: m.receiptHandle, body: m.body, attributes: { ApproximateReceiveCount: String(m.receiveCount) }, eventSourceARN: "arn:local:sqs:local:000000000000:send" })),
  });
  const sentTo = async () => (await Promise.all(rows.map((_, i) => emailsTo(`k${i}.${tag}@example.org`)))).map((e) => e.length);
  for (let i = 0; i < 500 && (await sentTo()).reduce((a, b) => a + b, 0) < 3; i++) await new Promise((r) => setTimeout(r, 20));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const beforeCrash = (await sentTo()).reduce((a, b) => a + b, 0);
  expect(beforeCrash).toBeGreaterThanOrEqual(3);
  expect(beforeCrash).toBeLessThan(10);

  // The batch was never deleted: after the visibility timeout (and the crashed worker's claim lease)
  // it comes back, to a worker in this process.
  restore = Clock.set(new Date(Date.now() + Distribution.LEASE_MS + 1000));
  s.queue.expireVisibility();
  await s.drain();

  const counts = await sentTo();
  expect(Math.max(...counts)).toBe(1);
  const invitations = (await system(() => Invitation.list({ orgId: org.id, surveyId: survey.id }))).invitations;
  const uncertain = invitations.filter((i) => i.status === "failed");
  expect(uncertain.length).toBeLessThanOrEqual(1);
  for (const i of uncertain) expect(i).toMatchObject({ failure: "uncertain", sentRound: 0 });
  expect(invitations.filter((i) => i.status === "sent")).toHaveLength(10 - uncertain.length);
  expect(counts.filter((n) => n === 1).length).toBeGreaterThanOrEqual(9);
  // Redelivering the batch yet again changes nothing.
  s.queue.expireVisibility();
  await s.drain();
  expect(await sentTo()).toEqual(counts);
});
