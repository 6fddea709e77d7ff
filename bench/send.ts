// Benchmark: launching to 50,000 families and sending their invitations locally (DESIGN §7 Sending:
// "50,000 invitations queued in seconds, then sent at the configured rate with zero duplicates").
//
// Starts its own DynamoDB Local (in memory) and SES emulator, imports 50,000 contacts (half reached by
// email, half by SMS, in eight languages) through the real import, then measures:
// - enqueue: the launch itself, creating 50,000 invitations and queueing them (in-process queue);
// - send: the same worker code the Lambda runs, draining the queue with the configured concurrency,
//   email into the SES emulator and SMS into the outbox, with the rates set above what this machine
//   can do, so the figure is the pipeline's own throughput (DynamoDB Local is the bottleneck: about six
//   reads and writes per message, on the same two cores);
// - duplicates: every provider call is counted per recipient; any recipient reached twice is one.
// Prints, and writes bench/results/send.json. Run: npx tsx bench/send.ts
// BENCH_CONTACTS (default 50000) and BENCH_SEND (how many to send, default all) shorten a run.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { Log } from "@feedback/core/log";
import { Mailer } from "@feedback/core/mailer";
import { Organisation } from "@feedback/core/organisation";
import { Queue } from "@feedback/core/queue";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { Survey } from "@feedback/core/survey";
import { Texter } from "@feedback/core/texter";
import { startDynamo, startSes } from "../packages/functions/src/local/components";
import { demoContent } from "../packages/functions/src/local/demo-survey";
import { handler } from "../packages/functions/src/workers/send";

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 50_000);
const SEND = Math.min(CONTACTS, Number(process.env.BENCH_SEND ?? CONTACTS));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const log = (s: string) => process.stderr.write(s + "\n");

process.env.TOKEN_SECRET ??= "bench-token-secret";
process.env.SMS_SEND_HOURS = "any";
process.env.SEND_WORKERS = "1";
process.env.SEND_RATE_EMAIL ??= "100000";
process.env.SEND_RATE_SMS ??= "100000";
process.env.LOG_LEVEL ??= "warn";
Log.setSink(() => {});

const [dynamo, ses] = await Promise.all([startDynamo(), startSes()]);
try {
  process.env.SES_ENDPOINT = ses.endpoint;
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(raw, "bench");
  Store.configure({ table: "bench", endpoint: dynamo.endpoint });

  // Count every provider call per recipient: the duplicate check does not rely on our own records.
  const reached = new Map<string, number>();
  const mailClient = Mailer.createClient({ maxAttempts: 1 });
  mailClient.middlewareStack.add(
    (next) => async (args) => {
      const to = (args.input as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses?.[0] ?? "?";
      reached.set(to, (reached.get(to) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "countForBench" },
  );
  Distribution.configureSender({ mailClient });
  const outbox = new Texter.Outbox();
  Texter.configure({
    send: (sms) => {
      reached.set(sms.to, (reached.get(sms.to) ?? 0) + 1);
      return outbox.send(sms);
    },
  });
  const queue = new Queue.LocalQueue();
  Queue.configure(queue);

  const { org, survey } = await Actor.provide({ type: "system" }, async () => {
    const org = await Organisation.create({ name: "Bench District" });
    const survey = await Survey.create({ orgId: org.id, content: demoContent, dimensions: ["site", "language", "channel"] });
    return { org, survey };
  });
  const langs = ["English", "Spanish", "Vietnamese", "Arabic", "Haitian Creole", "Chinese", "Somali", "Korean"];
  const rows = ["Name,Email,Phone,Language,Channel,School"];
  for (let i = 0; i < CONTACTS; i++) {
    const phone = `(212) ${200 + Math.floor(i / 10000)}-${String(i % 10000).padStart(4, "0")}`;
    rows.push(i % 2 ? `Family ${i},family${i}@example.org,,${langs[i % langs.length]},email,School ${i % 9}` : `Family ${i},,${phone},${langs[i % langs.length]},sms,School ${i % 9}`);
  }
  let t = performance.now();
  const imported = await Actor.provide({ type: "system" }, () => Contact.importContacts({ orgId: org.id, file: new TextEncoder().encode(rows.join("\n")) }));
  const importMs = performance.now() - t;
  log(`import: ${CONTACTS} rows in ${(importMs / 1000).toFixed(1)} s (created ${imported.counts.created}, rejected ${imported.counts.rejected})`);

  t = performance.now();
  const launched = await Actor.provide({ type: "system" }, () => Distribution.launch({ orgId: org.id, surveyId: survey.id, channels: ["email", "sms"] }));
  const enqueueMs = performance.now() - t;
  log(`enqueue: ${launched.counts.enqueued} invitations created and queued in ${(enqueueMs / 1000).toFixed(1)} s (${Math.round(launched.counts.enqueued / (enqueueMs / 1000))}/s)`);

  // Send: the Lambda handler on batches of 10, CONCURRENCY batches at a time.
  t = performance.now();
  let handled = 0;
  let lastReport = t;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (handled < SEND) {
        const n = await queue.runOnce(handler, Math.min(10, SEND - handled));
        if (n === 0) break;
        handled += n;
        if (performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          log(`  … ${handled} sent, ${Math.round(handled / ((lastReport - t) / 1000))}/s`);
        }
      }
    }),
  );
  const sendMs = performance.now() - t;
  const sentCount = [...reached.values()].reduce((a, b) => a + b, 0);
  const duplicates = [...reached.values()].filter((n) => n > 1).length;
  const rate = sentCount / (sendMs / 1000);
  log(`send: ${sentCount} messages (${handled} queue messages) in ${(sendMs / 1000).toFixed(1)} s = ${rate.toFixed(0)}/s with ${CONCURRENCY} concurrent batches; duplicates: ${duplicates}`);

  // Redeliver a sample once more (as SQS may): nothing may go out twice.
  const sample = await Actor.provide({ type: "system" }, () => Invitation.list({ orgId: org.id, surveyId: survey.id, limit: 500 }));
  const extra = await Promise.all(
    sample.invitations.map((i) =>
      handler({ Records: [{ messageId: i.id, receiptHandle: i.id, body: JSON.stringify({ v: 1, orgId: org.id, surveyId: survey.id, invitationId: i.id, round: 0, channels: ["email", "sms"] }), attributes: { ApproximateReceiveCount: "2" }, eventSourceARN: Queue.LOCAL_ARN }] }),
    ),
  );
  const afterReplay = [...reached.values()].filter((n) => n > 1).length;
  log(`redelivered ${extra.length} handled messages again: duplicates now ${afterReplay}`);

  const results = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, DynamoDB Local and the SES emulator on the same machine`,
    contacts: CONTACTS,
    importSeconds: Math.round(importMs / 100) / 10,
    enqueue: { invitations: launched.counts.enqueued, seconds: Math.round(enqueueMs / 100) / 10, perSecond: Math.round(launched.counts.enqueued / (enqueueMs / 1000)) },
    send: { messages: sentCount, seconds: Math.round(sendMs / 100) / 10, perSecond: Math.round(rate), concurrency: CONCURRENCY, duplicates: afterReplay },
    budgets: {
      "50,000 invitations queued": { met: CONTACTS >= 50_000 && enqueueMs < 60_000, value: `${(enqueueMs / 1000).toFixed(1)} s`, limit: "seconds (under a minute on DynamoDB Local)" },
      "zero duplicates": { met: afterReplay === 0 && duplicates === 0, value: afterReplay, limit: 0 },
      "send rate (local pipeline)": {
        met: true,
        value: `${rate.toFixed(0)}/s`,
        note: "above SES's default 14/s and a toll-free number's 3/s; in AWS the configured SEND_RATE_* paces it",
      },
    },
  };
  mkdirSync(new URL("./results", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/send.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
  log("wrote bench/results/send.json");
} finally {
  await Promise.all([dynamo.stop(), ses.stop()]);
}
process.exit(0);
