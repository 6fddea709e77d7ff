// Benchmark: what a survey costs to run on AWS, per 1,000 responses (quality issue "Cost").
//
// Everything goes through the real code paths, in this process, against DynamoDB Local (in memory)
// and the SES emulator, with the capacity meter of core store (ReturnConsumedCapacity TOTAL on every
// command, store/meter.ts) switched on:
//   1. 2,000 families are imported (half by email, half by SMS, seven languages) and the survey (the
//      demo survey: two pages, three steps, seven languages) is launched to them: one API invocation;
//   2. the send worker drains the queue at its real batch size (10), email into the SES emulator and
//      SMS into a counting sink; every email's SES delivery event goes through the ses-events handler,
//      as SNS would deliver it (one invocation per event);
//   3. 700 families open their personal link and answer page by page through the form app
//      (app.request: every request is one form Lambda invocation), including the stylesheet and the
//      thank-you page; the remind job then runs three days later (policy: 1 reminder, 3 days apart),
//      the worker sends the reminders, and 300 more families answer: 1,000 responses, 50% of invited;
//   4. one summarise job run folds the 1,000 responses and emails the two partners; then an idle run,
//      an idle remind run, and the incremental check: a run after 100 new responses on the survey at
//      1,100 responses, and again after 10,000 more responses were added (written as the submit path
//      writes them, and folded first).
// DynamoDB Local under-reports transactions with several items (store/meter.ts), so each
// TransactWriteItems is also re-priced from its items' sizes, as AWS bills it (auditTransactions
// below), and the costs use that. Prices are us-east-1 on-demand list prices, stated in PRICES.
//
// Prints a table, and writes bench/results/cost.json. Run:
//   SST_TELEMETRY_DISABLED=1 npx tsx bench/cost.ts
// BENCH_RESPONSES (default 1000) and BENCH_LARGE (default 10000) change the sizes.
import {
  BatchGetItemCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DeleteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { Actor } from "@feedback/core/actor";
import { Clock } from "@feedback/core/clock";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Invitation } from "@feedback/core/invitation";
import { Log } from "@feedback/core/log";
import { Mailer } from "@feedback/core/mailer";
import { Message } from "@feedback/core/message";
import { Organisation } from "@feedback/core/organisation";
import { Partner } from "@feedback/core/partner";
import { Queue } from "@feedback/core/queue";
import { Response } from "@feedback/core/response";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { meterStore } from "@feedback/core/store/meter";
import { Survey } from "@feedback/core/survey";
import { Texter } from "@feedback/core/texter";
import { form } from "../packages/functions/src/form/app";
import { handler as sesEvents } from "../packages/functions/src/inbound/ses-events";
import { handler as remindJob } from "../packages/functions/src/jobs/remind";
import { handler as summariseJob } from "../packages/functions/src/jobs/summarise";
import { startDynamo, startSes } from "../packages/functions/src/local/components";
import { demoContent } from "../packages/functions/src/local/demo-survey";
import { handler as sendWorker } from "../packages/functions/src/workers/send";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1000);
const RESPONSE_RATE = 0.5;
const INVITED = Math.round(RESPONSES / RESPONSE_RATE);
/** Of those who answer, the share who do so before the reminder. */
const BEFORE_REMINDER = 0.7;
const LARGE = Number(process.env.BENCH_LARGE ?? 10_000);
/** New responses before each incremental summary run, from families who have not answered yet. */
const EXTRA = Math.min(100, Math.floor((INVITED - RESPONSES) / 2));
const CONCURRENT_FAMILIES = 8;
const ALONE = 20;
const OPEN_DAYS = 14;
const JOB_RUNS = OPEN_DAYS * 24; // both jobs run hourly (packages/functions/src/jobs/index.ts)
const REMINDERS = { max: 1, everyDays: 3 };
/** SST v2's default memory (infra sets none), arm64 (infra/index.ts). */
const LAMBDA_MEMORY_GB = 1;
/** START, END and REPORT lines Lambda writes to CloudWatch Logs for each invocation, about. */
const PLATFORM_LOG_BYTES = 350;

// us-east-1 list prices, on demand, without free tiers. No network here: these are the published
// prices as of the date below (DynamoDB on-demand after its 1 Nov 2024 reduction), not fetched.
const PRICES = {
  asOf: "2024-11 (DynamoDB on-demand after the 1 Nov 2024 reduction; the others unchanged list prices at that date); not fetched from this machine",
  region: "us-east-1",
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  apiGatewayHttpRequest: 1.0 / 1e6,
  sqsRequest: 0.4 / 1e6,
  snsPublish: 0.5 / 1e6,
  // The product's own launch-preview prices (core message/segments.ts), so both agree.
  sesEmail: Message.emailPrice(),
  smsPart: Message.smsPricePerSegment(),
  smsPartNote: "US toll-free: End User Messaging $0.00581 per part plus a carrier fee of about $0.0025; varies by country and carrier, and a toll-free number costs about $2 a month",
  logsIngestGb: 0.5,
  dataTransferOutGb: 0.09,
};

const log = (s: string) => process.stderr.write(s + "\n");

process.env.TOKEN_SECRET ??= "bench-token-secret";
process.env.SMS_SEND_HOURS = "any";
process.env.SEND_WORKERS = "1";
process.env.SEND_RATE_EMAIL = "100000";
process.env.SEND_RATE_SMS = "100000";
// Production's level (infra/index.ts): the log volume is part of the cost.
process.env.LOG_LEVEL = "info";
// A family answers every minute or so, not every few ms: a Lambda's 5 s survey cache rarely hits, so
// every request reads the survey's settings, as here. (The frozen version stays cached in a warm one.)
process.env.SURVEY_CACHE_MS = "0";
// Links in messages point at the HTTP API (infra/workers.ts PUBLIC_URL = api.url); the length counts
// towards SMS segments.
process.env.PUBLIC_URL = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";
/** For comparison only: the parts the same texts would take with links on a short domain. */
const SHORT_LINK_BASE = "https://go.rusd.org";

// ---------- what each phase used ----------

type Fn = "form" | "api" | "sendWorker" | "emailEvents" | "summariseJob" | "remindJob";
type Units = { read: number; write: number };
type Phase = {
  name: string;
  fn: Fn;
  invocations: number;
  handlerMs: number;
  logBytes: number;
  bodyBytes: number;
  seconds?: number;
  db?: { reported: Units; billed: Units; calls: number; errors: number; byOperation: Record<string, unknown>; transactions: TxStats };
};
let current: Phase | undefined;
const phases: Record<string, Phase> = {};

Log.setSink((line) => {
  if (current) current.logBytes += Buffer.byteLength(line) + 1;
});

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** One invocation of a function, timed, in the current phase. */
async function invoke<T>(work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await work();
  } finally {
    if (current) {
      current.invocations++;
      current.handlerMs += performance.now() - t;
    }
  }
}

// ---------- AWS-billed transaction units ----------

/** An item's size as DynamoDB bills it: names and values in UTF-8, numbers by significant digits. */
function valueSize(v: AttributeValue): number {
  const utf8 = (s: string) => Buffer.byteLength(s);
  const number = (n: string) => {
    const digits = n.replace(/^-/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  };
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return number(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((s, x) => s + utf8(x), 0);
  if (v.NS) return v.NS.reduce((s, x) => s + number(x), 0);
  if (v.BS) return v.BS.reduce((s, x) => s + x.length, 0);
  if (v.L) return 3 + v.L.reduce((s, x) => s + valueSize(x) + 1, 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + Buffer.byteLength(k) + valueSize(x) + 1, 0);
  return 0;
}
type Item = Record<string, AttributeValue>;
const itemSize = (item: Item | undefined) => (item ? Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0) : 0);
const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const INDEXES = Object.values(Store.tableDefinition.globalIndexes);

/** Index writes for one item's change: a new or removed entry is one write, a moved one two, a changed one one (projection ALL). */
function indexUnits(before: Item | undefined, after: Item | undefined) {
  let units = 0;
  const same = (a: Item, b: Item) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  for (const ix of INDEXES) {
    const inB = Boolean(before?.[ix.partition] && before[ix.sort]);
    const inA = Boolean(after?.[ix.partition] && after[ix.sort]);
    if (inB && !inA) units += kb(itemSize(before));
    else if (!inB && inA) units += kb(itemSize(after));
    else if (inB && inA) {
      const moved = before![ix.partition]!.S !== after![ix.partition]!.S || before![ix.sort]!.S !== after![ix.sort]!.S;
      if (moved) units += kb(itemSize(before)) + kb(itemSize(after));
      else if (!same(before!, after!)) units += kb(itemSize(after));
    }
  }
  return units;
}

type TxStats = { transactions: number; items: number; reported: number; billed: number; indexBilled: number; singleItem: { n: number; agree: number } };
const emptyTx = (): TxStats => ({ transactions: 0, items: 0, reported: 0, billed: 0, indexBilled: 0, singleItem: { n: 0, agree: 0 } });

/**
 * Re-prices every TransactWriteItems as AWS bills it: 2 write units per KB (rounded up, at least 1)
 * of each item, taking the larger of its image before and after, plus its index writes, also doubled
 * (as DynamoDB Local counts them in a one-item transaction; if AWS bills index writes once, the figure
 * is high by `indexBilled / 2`). The images are read with a client of its own (not metered), just
 * before and just after the transaction.
 */
function auditTransactions(endpoint: string) {
  const reader = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  let stats = emptyTx();
  const keyOf = (k: Record<string, unknown>) => ({ pk: { S: String(k.pk) }, sk: { S: String(k.sk) } });
  const id = (k: Item) => `${k.pk?.S}\u0000${k.sk?.S}`;
  async function images(table: string, keys: Item[]) {
    const out = new Map<string, Item>();
    let pending = [...new Map(keys.map((k) => [id(k), k])).values()];
    while (pending.length) {
      const res = await reader.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending.slice(0, 100), ConsistentRead: true } } }));
      for (const item of res.Responses?.[table] ?? []) out.set(id(item), item);
      pending = [...(res.UnprocessedKeys?.[table]?.Keys ?? []), ...pending.slice(100)];
    }
    return out;
  }
  type Op = { kind: "Put" | "Update" | "Delete" | "ConditionCheck"; table: string; key: Item };
  const middleware =
    (next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) =>
    async (args: { input: Record<string, unknown> }) => {
      if (context.commandName !== "TransactWriteItemsCommand") return next(args);
      const ops: Op[] = (args.input.TransactItems as Record<string, Record<string, unknown>>[]).map((t) => {
        const [kind, op] = Object.entries(t)[0]! as [Op["kind"], Record<string, unknown>];
        return { kind, table: String(op.TableName), key: keyOf((kind === "Put" ? op.Item : op.Key) as Record<string, unknown>) };
      });
      const table = ops[0]!.table;
      const before = await images(table, ops.map((o) => o.key));
      const result = await next(args);
      const after = await images(table, ops.map((o) => o.key));
      let billed = 0;
      let index = 0;
      for (const op of ops) {
        const b = before.get(id(op.key));
        const a = op.kind === "ConditionCheck" ? b : after.get(id(op.key));
        billed += 2 * kb(Math.max(itemSize(b), itemSize(a)));
        if (op.kind !== "ConditionCheck") index += 2 * indexUnits(b, a);
      }
      const consumed = result.output.ConsumedCapacity as { CapacityUnits?: number }[] | undefined;
      const reported = (consumed ?? []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
      stats.transactions++;
      stats.items += ops.length;
      stats.reported += reported;
      stats.billed += billed + index;
      stats.indexBilled += index;
      if (ops.length === 1) {
        stats.singleItem.n++;
        if (reported === billed + index) stats.singleItem.agree++;
      }
      return result;
    };
  Store.client().middlewareStack.add(middleware as never, { step: "initialize", name: "costAudit" });
  return {
    take() {
      const s = stats;
      stats = emptyTx();
      return s;
    },
  };
}

// ---------- the run ----------

const started = performance.now();
const [dynamo, ses] = await Promise.all([startDynamo(), startSes()]);
let exitCode = 0;
try {
  process.env.SES_ENDPOINT = ses.endpoint;
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(raw, "cost");
  Store.configure({ table: "cost", endpoint: dynamo.endpoint });
  const meter = meterStore();
  const audit = auditTransactions(dynamo.endpoint);

  async function phase<T>(name: string, fn: Fn, work: () => Promise<T>): Promise<T> {
    meter.reset();
    audit.take();
    current = { name, fn, invocations: 0, handlerMs: 0, logBytes: 0, bodyBytes: 0 };
    const t = performance.now();
    try {
      return await work();
    } finally {
      const r = meter.take();
      const tx = audit.take();
      const txReported = r.byOperation.TransactWriteItems?.write ?? 0;
      const calls = Object.values(r.byOperation).reduce((s, o) => s + o.calls, 0);
      const errors = Object.values(r.byOperation).reduce((s, o) => s + o.errors, 0);
      current.seconds = round((performance.now() - t) / 1000, 1);
      current.db = { reported: r.total, billed: { read: r.total.read, write: r.total.write - txReported + tx.billed }, calls, errors, byOperation: r.byOperation, transactions: tx };
      phases[name] = current;
      current = undefined;
    }
  }
  /** Work whose capacity is not part of any figure (setting up, reading results). */
  async function unmetered<T>(work: () => Promise<T>) {
    meter.take();
    audit.take();
    const saved = current;
    current = undefined;
    try {
      return await work();
    } finally {
      meter.take();
      audit.take();
      current = saved;
    }
  }
  const system = <T>(work: () => Promise<T>) => Actor.provide({ type: "system" }, work);

  // ---- the audit's model against DynamoDB Local, on one-item transactions (which it reports right).
  // Left out: deleting an item that does not exist, which Local reports as 1 unit in a transaction;
  // AWS bills every transactional item at least 2 (the model's figure). Submitting deletes a draft
  // that the form has always saved, so it does not arise here. ----
  await phase("auditCheck", "api", async () => {
    const T = Store.table();
    const c = Store.client();
    const tx = (item: Record<string, unknown>) => c.send(new TransactWriteCommand({ TransactItems: [item as never] }));
    await tx({ Put: { TableName: T, Item: { pk: "CHECK#1", sk: "A", v: "x".repeat(100) } } });
    await tx({ Put: { TableName: T, Item: { pk: "CHECK#2", sk: "A", v: "x".repeat(2500), gsi2pk: "CHECK", gsi2sk: "2" } } });
    await tx({ Put: { TableName: T, Item: { pk: "CHECK#3", sk: "A", v: "x".repeat(100), gsi1pk: "CHECK", gsi1sk: "3", gsi2pk: "CHECK", gsi2sk: "3" } } });
    await tx({ Update: { TableName: T, Key: { pk: "CHECK#3", sk: "A" }, UpdateExpression: "REMOVE gsi2pk, gsi2sk" } });
    await tx({ Update: { TableName: T, Key: { pk: "CHECK#2", sk: "A" }, UpdateExpression: "SET w = :w", ExpressionAttributeValues: { ":w": 1 } } });
    await tx({ Delete: { TableName: T, Key: { pk: "CHECK#3", sk: "A" } } });
    // Plain deletes (not audited) clean up.
    await c.send(new DeleteCommand({ TableName: T, Key: { pk: "CHECK#1", sk: "A" } }));
    await c.send(new DeleteCommand({ TableName: T, Key: { pk: "CHECK#2", sk: "A" } }));
    // And a three-item one, which DynamoDB Local under-reports.
    await c.send(new TransactWriteCommand({ TransactItems: [1, 2, 3].map((i) => ({ Put: { TableName: T, Item: { pk: `CHECK#M${i}`, sk: "A", v: "x".repeat(100) } } })) }));
    await Promise.all([1, 2, 3].map((i) => c.send(new DeleteCommand({ TableName: T, Key: { pk: `CHECK#M${i}`, sk: "A" } }))));
  });
  const check = phases.auditCheck!.db!.transactions;
  log(`transaction audit: ${check.singleItem.agree} of ${check.singleItem.n} one-item transactions priced as DynamoDB Local reports them`);

  // ---- counting what leaves: emails (with their tags, for delivery events), texts, queue requests ----
  type Sent = { kind: "invitation" | "reminder" | "summary"; tags: Record<string, string> };
  const emails: Sent[] = [];
  const texts: { kind: "invitation" | "reminder"; parts: number; encoding: string; units: number; shortLinkParts: number }[] = [];
  const mailClient = Mailer.createClient({ maxAttempts: 1 });
  mailClient.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { EmailTags?: { Name: string; Value: string }[] };
      const tags = Object.fromEntries((input.EmailTags ?? []).map((t) => [t.Name, t.Value]));
      emails.push({ kind: tags.kind === "summary" ? "summary" : tags.round && tags.round !== "0" ? "reminder" : "invitation", tags });
      return next(args);
    },
    { step: "initialize", name: "costCount" },
  );
  Mailer.configure(mailClient);
  Distribution.configureSender({ mailClient });
  Texter.configure({
    send: async (sms) => {
      const count = Message.count(sms.body);
      // The same text with the link on a short domain of the district's own, instead of the HTTP API's.
      const short = Message.count(sms.body.replace(process.env.PUBLIC_URL!, SHORT_LINK_BASE));
      texts.push({ kind: sms.context?.round && sms.context.round !== "0" ? "reminder" : "invitation", parts: count.segments, encoding: count.encoding, units: count.units, shortLinkParts: short.segments });
      return { messageId: `sms-${texts.length}` };
    },
  });
  const sqs = { sendMessageBatch: 0, receiveMessage: 0, deleteMessageBatch: 0, changeVisibility: 0 };
  const queue = new Queue.LocalQueue();
  const enqueue = queue.send.bind(queue);
  queue.send = async (messages) => {
    sqs.sendMessageBatch += Math.ceil(messages.length / 10);
    return enqueue(messages);
  };
  const defer = queue.defer.bind(queue);
  queue.defer = async (receipt, seconds) => {
    sqs.changeVisibility++;
    return defer(receipt, seconds);
  };
  Queue.configure(queue);

  // ---- the district, its partners, the survey, its families ----
  const { org, survey } = await unmetered(() =>
    system(async () => {
      const org = await Organisation.create({ name: "Riverside Unified School District", country: "US", timeZone: "America/New_York" });
      const year = new Date().getUTCFullYear();
      const agreement = { start: `${year - 1}-08-01`, end: `${year + 1}-07-31` };
      const partners = await Promise.all([
        Partner.create({ orgId: org.id, name: "Northside Youth Arts", kind: "nonprofit", contactEmails: ["programs@northside-arts.example.org"], language: "es", frequency: "weekly", agreement }),
        Partner.create({ orgId: org.id, name: "Lakeside Community College", kind: "university", contactEmails: ["partnerships@lakeside-college.example.org"], language: "en", frequency: "monthly", agreement }),
      ]);
      const survey = await Survey.create({ orgId: org.id, content: demoContent, dimensions: ["site", "language", "channel"], partnerIds: partners.map((p) => p.id), reminders: REMINDERS });
      return { org, survey };
    }),
  );
  const languages: [string, number][] = [["English", 34], ["Spanish", 26], ["Vietnamese", 7], ["Arabic", 6], ["Chinese", 4], ["Haitian Creole", 2], ["Somali", 1]];
  const weight = languages.reduce((s, [, w]) => s + w, 0);
  const languageOf = (i: number) => {
    let r = (i * 7919) % weight;
    for (const [name, w] of languages) if ((r -= w) < 0) return name;
    return "English";
  };
  const rows = ["Name,Email,Phone,Language,Channel,School"];
  for (let i = 0; i < INVITED; i++) {
    const phone = `(212) ${200 + Math.floor(i / 10000)}-${String(i % 10000).padStart(4, "0")}`;
    rows.push(i % 2 ? `Family ${i},family${i}@example.org,,${languageOf(i)},email,School ${i % 9}` : `Family ${i},,${phone},${languageOf(i)},sms,School ${i % 9}`);
  }
  const imported = await phase("import", "api", () => invoke(() => system(() => Contact.importContacts({ orgId: org.id, file: new TextEncoder().encode(rows.join("\n")) }))));
  log(`imported ${imported.counts.created} contacts`);

  // ---- invitations ----
  const launched = await phase("launch", "api", () => invoke(() => system(() => Distribution.launch({ orgId: org.id, surveyId: survey.id, channels: ["email", "sms"] }))));
  log(`launched: ${launched.counts.enqueued} invitations queued`);
  // Batches of 10, two at a time: the queue's event source in infra/workers.ts (maxConcurrency 2).
  const drain = () =>
    Promise.all(
      [0, 1].map(async () => {
        for (;;) {
          const n = await queue.runOnce((event) => invoke(() => sendWorker(event)), 10);
          if (n === 0) break;
          sqs.receiveMessage++;
          sqs.deleteMessageBatch++;
        }
      }),
    );
  let delivered = 0;
  /** SES → SNS → the ses-events Lambda: one event, one invocation, per email sent since the last call. */
  const deliveryEvents = async () => {
    const batch = emails.slice(delivered);
    delivered = emails.length;
    for (const e of batch) {
      const message = { eventType: "Delivery", mail: { tags: Object.fromEntries(Object.entries(e.tags).map(([k, v]) => [k, [v]])) }, delivery: {} };
      await invoke(() => sesEvents({ Records: [{ Sns: { Message: JSON.stringify(message) } }] } as never));
    }
    return batch.length;
  };
  await phase("send", "sendWorker", drain);
  await phase("deliveryEvents", "emailEvents", deliveryEvents);
  log(`sent: ${emails.length} emails, ${texts.length} texts (${texts.reduce((s, t) => s + t.parts, 0)} parts)`);

  // ---- families answer ----
  // Who answers: email and SMS families in turn, so both channels answer (and are reminded) alike.
  const tokens = await unmetered(() =>
    system(async () => {
      const byChannel: Record<string, string[]> = { email: [], sms: [] };
      let cursor: string | undefined;
      do {
        const page = await Invitation.list({ orgId: org.id, surveyId: survey.id, limit: 1000, cursor });
        for (const inv of page.invitations) byChannel[inv.channel]!.push(await Invitation.tokenFor(inv.id));
        cursor = page.cursor;
      } while (cursor);
      return byChannel.email!.flatMap((t, i) => [t, byChannel.sms![i]!]).filter(Boolean);
    }),
  );
  // A deterministic spread of answers, as in the demo seed.
  let seed = 20261125;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const comments = ["The tutors are patient and my son looks forward to it.", "Mi hija ahora hace la tarea con más confianza.", "Con tôi rất thích lớp học nhạc.", "نتمنى أن يكون هناك حافلة بعد البرنامج."];
  type Plan = Record<string, string | string[]>;
  const plan = (): Plan => {
    const barrier = pick(["none", "none", "none", "transport", "schedule", "language"]);
    return {
      "q.programme": pick(["tutoring", "arts", "health", "mentoring"]),
      "q.satisfaction": String(1 + Math.floor(rand() * 5)),
      "q.recommend": String(Math.floor(rand() * 11)),
      "q.helped": ["homework", "confidence", "attendance", "friends"].filter(() => rand() < 0.45),
      "q.barrier": barrier,
      ...(barrier !== "none" ? { "q.barrier_detail": "Later hours, please" } : {}),
      "q.children": String(1 + Math.floor(rand() * 3)),
      ...(rand() < 0.3 ? { "q.comments": pick(comments) } : {}),
    };
  };
  /** The same answers for the families whose capacity is compared one by one. */
  const fixedPlan: Plan = { "q.programme": "arts", "q.satisfaction": "4", "q.recommend": "8", "q.helped": ["homework"], "q.barrier": "schedule", "q.barrier_detail": "Later hours, please", "q.children": "2" };

  const outcome = { submitted: 0, thanked: 0, unexpected: [] as string[] };
  let answered = outcome;
  /** One family: opens the link, answers each step, sends, and sees the thank-you page, as a browser does. */
  async function family(token: string, answers: Plan) {
    const path = `/s/${token}`;
    let cookie = "";
    const request = (url: string, init: RequestInit = {}) =>
      invoke(async () => {
        const res = await form.request(url, { ...init, headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string> | undefined) } });
        const body = await res.text();
        if (current) current.bodyBytes += Buffer.byteLength(body);
        const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
        if (set.length) cookie = [...new Set([...cookie.split("; ").filter(Boolean), ...set])].join("; ");
        return { res, body };
      });
    let page = await request(path);
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1];
    if (css) await request(css);
    for (let steps = 0; steps < 10; steps++) {
      const at = /name="_at" value="([^"]*)"/.exec(page.body)?.[1];
      const csrf = /name="_csrf" value="([^"]*)"/.exec(page.body)?.[1] ?? "";
      if (!at) break;
      const body = new URLSearchParams({ _csrf: csrf, _at: at, _action: at === "review" ? "submit" : "next" });
      if (at !== "review") for (const [k, v] of Object.entries(answers)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      const posted = await request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
      const next = posted.res.headers.get("location");
      if (posted.res.status !== 303 || !next) {
        outcome.unexpected.push(`${posted.res.status} on ${at}`);
        return;
      }
      page = await request(next);
      if (at === "review") {
        outcome.submitted++;
        if (page.res.status === 200 && next.endsWith("/done")) outcome.thanked++;
        return;
      }
    }
    outcome.unexpected.push("never reached the review page");
  }
  const answerAll = async (batch: string[]) => {
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENT_FAMILIES }, async () => {
      while (next < batch.length) await family(batch[next++]!, plan());
    }));
  };

  const early = Math.round(RESPONSES * BEFORE_REMINDER);
  // Warm, as a Lambda that has served a request: the frozen survey version is cached.
  await unmetered(() => Survey.forFamily(org.id, survey.id));
  await phase("firstFamily", "form", () => family(tokens[0]!, fixedPlan));
  // A few families one after another, for the time a form request takes when it has the machine to itself.
  await phase("familiesAlone", "form", async () => {
    for (const token of tokens.slice(1, 1 + ALONE)) await family(token, plan());
  });
  await phase("familiesBeforeReminder", "form", () => answerAll(tokens.slice(1 + ALONE, early)));
  log(`${outcome.submitted} families answered before the reminder`);

  // ---- three days later: the reminder ----
  const restore = Clock.set(() => new Date(Date.now() + (REMINDERS.everyDays * 24 + 1) * 3600_000));
  try {
    const reminded = await phase("remindRun", "remindJob", () => invoke(() => remindJob()));
    log(`remind job: ${reminded.count} reminders queued`);
    await phase("sendReminders", "sendWorker", drain);
    await phase("reminderDeliveryEvents", "emailEvents", deliveryEvents);
    await phase("familiesAfterReminder", "form", () => answerAll(tokens.slice(early, RESPONSES - 1)));
    await phase("lastFamily", "form", () => family(tokens[RESPONSES - 1]!, fixedPlan));
    log(`${outcome.submitted} families answered in all`);
    answered = { ...outcome, unexpected: [...outcome.unexpected] };

    // ---- summaries ----
    const summaryRun = await phase("summaryRun", "summariseJob", () => invoke(() => summariseJob()));
    log(`summary run: ${summaryRun.count} partner emails`);
    await phase("summaryEmailEvents", "emailEvents", deliveryEvents);
    await phase("summaryIdleRun", "summariseJob", () => invoke(() => summariseJob()));
    await phase("remindIdleRun", "remindJob", () => invoke(() => remindJob()));

    // Incremental: 100 new responses at 1,100, then at 11,100 (10,000 written as submit writes them).
    await phase("extraFamiliesSmall", "form", () => answerAll(tokens.slice(RESPONSES, RESPONSES + EXTRA)));
    await phase("summaryAfter100Small", "summariseJob", () => invoke(() => summariseJob()));
    const open = await unmetered(() => system(() => Survey.get({ orgId: org.id, id: survey.id })));
    await unmetered(async () => {
      const sites = Array.from({ length: 9 }, (_, i) => `School ${i}`);
      const langs = ["en", "es", "vi", "ar", "zh-Hans", "ht", "so"];
      for (let i = 0; i < LARGE; i += 25 * 8) {
        await Promise.all(Array.from({ length: 8 }, async (_, b) => {
          const size = Math.min(25, LARGE - i - b * 25);
          if (size <= 0) return;
          let items = Array.from({ length: size }, () => {
            const p = plan();
            const answers: Response.Answers = {
              programme: String(p["q.programme"]),
              satisfaction: Number(p["q.satisfaction"]),
              recommend: Number(p["q.recommend"]),
              barrier: String(p["q.barrier"]),
              children: Number(p["q.children"]),
              ...((p["q.helped"] as string[]).length ? { helped: p["q.helped"] as string[] } : {}),
            };
            const dims = { site: pick(sites), language: pick(langs), channel: pick(["email", "sms"]) };
            return { PutRequest: { Item: Response.item(Response.build(open, open.launchedVersion!, answers, dims)) } };
          });
          while (items.length) {
            const res = await Store.client().send(new BatchWriteCommand({ RequestItems: { [Store.table()]: items } }));
            items = (res.UnprocessedItems?.[Store.table()] ?? []) as typeof items;
          }
        }));
      }
    });
    await phase("summaryFoldLarge", "summariseJob", () => invoke(() => summariseJob()));
    await phase("extraFamiliesLarge", "form", () => answerAll(tokens.slice(RESPONSES + EXTRA, RESPONSES + 2 * EXTRA)));
    await phase("summaryAfter100Large", "summariseJob", () => invoke(() => summariseJob()));
  } finally {
    restore();
  }

  // ---- storage: every item of the table, as DynamoDB bills it (plus 100 bytes each, and again per index entry) ----
  const storage = await unmetered(async () => {
    const byType: Record<string, { items: number; bytes: number }> = {};
    let start: Record<string, AttributeValue> | undefined;
    do {
      const res = await raw.send(new ScanCommand({ TableName: Store.table(), ExclusiveStartKey: start }));
      for (const item of res.Items ?? []) {
        const type = item.type?.S ?? "other";
        const entries = 1 + INDEXES.filter((ix) => item[ix.partition] && item[ix.sort]).length;
        const t = (byType[type] ??= { items: 0, bytes: 0 });
        t.items++;
        t.bytes += entries * (itemSize(item) + 100);
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return byType;
  });
  const sesStore = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] };

  // ---------- figures ----------
  const P = (name: string) => phases[name]!;
  const db = (name: string) => P(name).db!;
  const sumUnits = (names: string[], key: "billed" | "reported" = "billed"): Units =>
    names.reduce((s, n) => ({ read: s.read + db(n)[key].read, write: s.write + db(n)[key].write }), { read: 0, write: 0 });
  const per = (u: Units, n: number): Units => ({ read: round(u.read / n, 3), write: round(u.write / n, 3) });
  const fmt = (u: Units) => `${round(u.read, 2)} RRU / ${round(u.write, 2)} WRU`;

  const familyPhases = ["firstFamily", "familiesAlone", "familiesBeforeReminder", "familiesAfterReminder", "lastFamily"];
  const families = RESPONSES;
  const formInvocations = familyPhases.reduce((s, n) => s + P(n).invocations, 0);
  const formUnits = sumUnits(familyPhases);
  const roundZeroEmails = emails.filter((e) => e.kind === "invitation").length;
  const reminderEmails = emails.filter((e) => e.kind === "reminder").length;
  const summaryEmails = emails.filter((e) => e.kind === "summary").length;
  const roundZeroTexts = texts.filter((t) => t.kind === "invitation");
  const reminderTexts = texts.filter((t) => t.kind === "reminder");
  const parts = (ts: typeof texts) => ts.reduce((s, t) => s + t.parts, 0);
  const invitationMessages = roundZeroEmails + roundZeroTexts.length;
  const reminderMessages = reminderEmails + reminderTexts.length;

  const perResponse = {
    families,
    submitted: answered.submitted,
    thankYouPages: answered.thanked,
    unexpected: answered.unexpected.slice(0, 5),
    formRequestsPerResponse: round(formInvocations / families, 2),
    units: per(formUnits, families),
    unitsAsDynamoDbLocalReports: per(sumUnits(familyPhases, "reported"), families),
    first: { units: db("firstFamily").billed, requests: P("firstFamily").invocations, calls: db("firstFamily").calls },
    last: { units: db("lastFamily").billed, requests: P("lastFamily").invocations, calls: db("lastFamily").calls },
    byOperationFirstFamily: db("firstFamily").byOperation,
    meanHandlerMs: round(familyPhases.reduce((s, n) => s + P(n).handlerMs, 0) / formInvocations, 1),
    // The families who answered one after another: the others ran eight at a time in this one
    // process, which stretches each request's wall time with waiting for the others.
    meanHandlerMsAlone: round(P("familiesAlone").handlerMs / P("familiesAlone").invocations, 1),
    bodyBytesPerResponse: Math.round(familyPhases.reduce((s, n) => s + P(n).bodyBytes, 0) / families),
  };
  const perInvitation = {
    invited: INVITED,
    launch: { units: per(db("launch").billed, INVITED), byOperation: db("launch").byOperation },
    send: { messages: invitationMessages, workerInvocations: P("send").invocations, units: per(db("send").billed, invitationMessages), byOperation: db("send").byOperation },
    deliveryEvent: { events: P("deliveryEvents").invocations, units: per(db("deliveryEvents").billed, Math.max(1, P("deliveryEvents").invocations)) },
    reminders: {
      policy: REMINDERS,
      queued: reminderMessages,
      remindRun: { units: db("remindRun").billed, byOperation: db("remindRun").byOperation },
      send: { workerInvocations: P("sendReminders").invocations, units: per(db("sendReminders").billed, Math.max(1, reminderMessages)) },
    },
    import: { contacts: imported.counts.created, units: per(db("import").billed, Math.max(1, imported.counts.created)), note: "one-off per contact, shared by every survey: not in the per-response cost" },
    smsPartsPerText: round(parts(texts) / Math.max(1, texts.length), 2),
    smsByEncoding: Object.fromEntries(
      ["GSM-7", "UCS-2"].map((e) => {
        const ts = texts.filter((t) => t.encoding === e);
        return [e, { texts: ts.length, parts: parts(ts), meanLength: Math.round(ts.reduce((s, t) => s + t.units, 0) / Math.max(1, ts.length)) }];
      }),
    ),
    smsWithShortLinks: { linkBase: SHORT_LINK_BASE, parts: texts.reduce((s, t) => s + t.shortLinkParts, 0), insteadOf: parts(texts), linkBaseNow: process.env.PUBLIC_URL },
  };
  const folded = (name: string) => db(name).byOperation as Record<string, { calls: number }>;
  const small = db("summaryAfter100Small").billed;
  const large = db("summaryAfter100Large").billed;
  const summary = {
    run: { newResponses: RESPONSES, partnerEmails: summaryEmails, units: db("summaryRun").billed, unitsAsDynamoDbLocalReports: db("summaryRun").reported, perNewResponse: per(db("summaryRun").billed, RESPONSES), byOperation: db("summaryRun").byOperation, transactions: db("summaryRun").transactions },
    idleRun: { units: db("summaryIdleRun").billed, byOperation: db("summaryIdleRun").byOperation },
    remindIdleRun: { invitations: INVITED, units: db("remindIdleRun").billed, byOperation: db("remindIdleRun").byOperation, note: "every hourly run pages through all of an open survey's invitations (gsi1)" },
    incremental: {
      newResponses: EXTRA,
      atTotal: { small: RESPONSES + EXTRA, large: RESPONSES + 2 * EXTRA + LARGE },
      small,
      large,
      foldOfLarge: { responses: LARGE, units: db("summaryFoldLarge").billed, perResponse: per(db("summaryFoldLarge").billed, LARGE) },
      queries: { small: folded("summaryAfter100Small").Query?.calls, large: folded("summaryAfter100Large").Query?.calls },
    },
  };

  // ---------- per 1,000 responses ----------
  // This survey's whole cost, divided by its responses. The hourly jobs' idle runs while it is open are
  // part of it (one run of each is already among the phases), and so is a month of storage.
  const scale = 1000 / RESPONSES;
  const variablePhases = ["launch", "send", "deliveryEvents", "remindRun", "sendReminders", "reminderDeliveryEvents", ...familyPhases, "summaryRun", "summaryEmailEvents"];
  const idleRuns = JOB_RUNS - 1;
  const idle = [P("summaryIdleRun"), P("remindIdleRun")];
  const variable = sumUnits(variablePhases);
  const scheduled: Units = { read: idleRuns * (db("summaryIdleRun").billed.read + db("remindIdleRun").billed.read), write: idleRuns * (db("summaryIdleRun").billed.write + db("remindIdleRun").billed.write) };
  const fns: Fn[] = ["form", "api", "sendWorker", "emailEvents", "summariseJob", "remindJob"];
  const invocations = Object.fromEntries(fns.map((f) => [f, 0])) as Record<Fn, number>;
  let gbSeconds = 0;
  let logBytes = 0;
  let bodyBytes = 0;
  for (const name of variablePhases) {
    const p = P(name);
    invocations[p.fn] += p.invocations;
    // Billed duration: the handler time measured here (DynamoDB Local on the same two cores), at least
    // 1 ms an invocation; form requests at the mean of the families who answered alone.
    const ms = p.fn === "form" ? p.invocations * perResponse.meanHandlerMsAlone : p.handlerMs;
    gbSeconds += (Math.max(p.invocations, ms) / 1000) * LAMBDA_MEMORY_GB;
    logBytes += p.logBytes + p.invocations * PLATFORM_LOG_BYTES;
    bodyBytes += p.bodyBytes;
  }
  for (const p of idle) invocations[p.fn] += idleRuns;
  const idleGbSeconds = idleRuns * idle.reduce((s, p) => s + (Math.max(1, p.handlerMs) / 1000) * LAMBDA_MEMORY_GB, 0);
  const idleLogBytes = idleRuns * idle.reduce((s, p) => s + p.logBytes + PLATFORM_LOG_BYTES, 0);
  const totalInvocations = Object.values(invocations).reduce((a, b) => a + b, 0);
  const smsParts = parts(texts);
  const allEmails = roundZeroEmails + reminderEmails + summaryEmails;
  const deliveryEventCount = P("deliveryEvents").invocations + P("reminderDeliveryEvents").invocations + P("summaryEmailEvents").invocations;
  const sqsRequests = sqs.sendMessageBatch + sqs.receiveMessage + sqs.deleteMessageBatch + sqs.changeVisibility;
  // Stored: everything of this survey but the incremental check's extra responses.
  const responseBytes = storage.response ? (storage.response.bytes / storage.response.items) * RESPONSES : 0;
  const surveyBytes = Object.values(storage).reduce((s, t) => s + t.bytes, 0) - (storage.response?.bytes ?? 0) + responseBytes;

  type Line = { item: string; quantity: number; unit: string; unitPriceUsd: number; usd: number; group: "variable" | "scheduled" | "storage" };
  const line = (item: string, quantity: number, unit: string, unitPriceUsd: number, group: Line["group"] = "variable"): Line => ({
    item,
    quantity: round(quantity * scale, 3),
    unit,
    unitPriceUsd,
    usd: round(quantity * scale * unitPriceUsd, 5),
    group,
  });
  const lines: Line[] = [
    line("SMS parts (invitations and reminders)", smsParts, "part", PRICES.smsPart),
    line("SES emails (invitations, reminders, partner summaries)", allEmails, "email", PRICES.sesEmail),
    line("DynamoDB write request units", variable.write, "WRU", PRICES.dynamoWriteRequestUnit),
    line("DynamoDB read request units", variable.read, "RRU", PRICES.dynamoReadRequestUnit),
    line("Lambda requests", totalInvocations - 2 * idleRuns, "request", PRICES.lambdaRequest),
    line(`Lambda compute (arm64, ${LAMBDA_MEMORY_GB * 1024} MB)`, gbSeconds, "GB-s", PRICES.lambdaArmGbSecond),
    line("API Gateway HTTP API requests", invocations.form, "request", PRICES.apiGatewayHttpRequest),
    line("SQS requests (send, receive, delete)", sqsRequests, "request", PRICES.sqsRequest),
    line("SNS publishes (SES delivery events)", deliveryEventCount, "publish", PRICES.snsPublish),
    line("CloudWatch Logs ingestion", logBytes / 1e9, "GB", PRICES.logsIngestGb),
    line("Data transfer out (form pages)", bodyBytes / 1e9, "GB", PRICES.dataTransferOutGb),
    line(`Idle job runs (${idleRuns} of each): DynamoDB writes`, scheduled.write, "WRU", PRICES.dynamoWriteRequestUnit, "scheduled"),
    line(`Idle job runs (${idleRuns} of each): DynamoDB reads`, scheduled.read, "RRU", PRICES.dynamoReadRequestUnit, "scheduled"),
    line("Idle job runs: Lambda requests", 2 * idleRuns, "request", PRICES.lambdaRequest, "scheduled"),
    line("Idle job runs: Lambda compute", idleGbSeconds, "GB-s", PRICES.lambdaArmGbSecond, "scheduled"),
    line("Idle job runs: CloudWatch Logs", idleLogBytes / 1e9, "GB", PRICES.logsIngestGb, "scheduled"),
    line("DynamoDB storage and PITR, one month", surveyBytes / 2 ** 30, "GB-month", PRICES.dynamoStorageGbMonth + PRICES.dynamoPitrGbMonth, "storage"),
  ];
  const total = (group?: Line["group"]) => round(lines.filter((l) => !group || l.group === group).reduce((s, l) => s + l.usd, 0), 4);
  const totalUsd = total();
  const messagingUsd = round(lines[0]!.usd + lines[1]!.usd, 4);
  const dynamoUsd = round(lines.filter((l) => l.item.includes("DynamoDB")).reduce((s, l) => s + l.usd, 0), 4);
  const per1000 = {
    scenario: `${INVITED * scale} families invited (half by email, half by SMS, seven languages), ${RESPONSE_RATE * 100}% answer (${BEFORE_REMINDER * 100}% of them before the reminder), ${REMINDERS.max} reminder ${REMINDERS.everyDays} days later to those who had not, survey open ${OPEN_DAYS} days with both jobs hourly, 2 partners (weekly and monthly)`,
    lambdaInvocations: Object.fromEntries(Object.entries(invocations).map(([k, v]) => [k, round(v * scale, 1)])),
    lambdaInvocationsTotal: round(totalInvocations * scale, 1),
    messages: {
      invitationEmails: roundZeroEmails * scale,
      reminderEmails: reminderEmails * scale,
      partnerSummaryEmails: summaryEmails * scale,
      texts: texts.length * scale,
      textParts: smsParts * scale,
      textPartsByKind: { invitation: parts(roundZeroTexts) * scale, reminder: parts(reminderTexts) * scale },
    },
    dynamo: { variable: per(variable, 1 / scale), idleJobRuns: per(scheduled, 1 / scale) },
    sqsRequests: sqsRequests * scale,
    snsPublishes: deliveryEventCount * scale,
    apiGatewayRequests: invocations.form * scale,
    logBytes: Math.round((logBytes + idleLogBytes) * scale),
    transferBytes: Math.round(bodyBytes * scale),
    storedBytes: Math.round(surveyBytes * scale),
    costUsd: {
      total: totalUsd,
      variable: total("variable"),
      idleJobRuns: total("scheduled"),
      storageMonth: total("storage"),
      messaging: messagingUsd,
      messagingShare: round(messagingUsd / totalUsd, 3),
      dynamo: dynamoUsd,
      everythingElse: round(totalUsd - messagingUsd, 4),
    },
    lines,
  };

  const txAll = variablePhases.map((n) => db(n).transactions).reduce((a, t) => ({ ...a, transactions: a.transactions + t.transactions, items: a.items + t.items, reported: a.reported + t.reported, billed: a.billed + t.billed, indexBilled: a.indexBilled + t.indexBilled }), emptyTx());
  const transactions = {
    note: "DynamoDB Local's total for a TransactWriteItems counts each distinct per-item figure once (three 1 KB puts: 2 units, not 6). Each transaction is re-priced from its items' sizes before and after (2 WRU per KB per item, plus index writes, also doubled); the costs use these.",
    check: phases.auditCheck!.db!.transactions,
    perResponseTransaction: { reported: round(db("lastFamily").transactions.reported, 2), billed: round(db("lastFamily").transactions.billed, 2), items: db("lastFamily").transactions.items },
    variablePhases: { transactions: txAll.transactions, items: txAll.items, reportedByLocal: round(txAll.reported, 1), billed: round(txAll.billed, 1), ofWhichIndexWrites: round(txAll.indexBilled, 1) },
    ifIndexWritesBilledOnce: `the variable writes would be ${round(txAll.indexBilled / 2, 0)} WRU lower (${round(((txAll.indexBilled / 2) * PRICES.dynamoWriteRequestUnit * scale), 5)} USD per 1,000 responses)`,
  };

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, DynamoDB Local and the SES emulator on the same machine`,
    seconds: Math.round((performance.now() - started) / 1000),
    prices: PRICES,
    assumptions: {
      lambda: `${LAMBDA_MEMORY_GB * 1024} MB (SST default, infra sets none), arm64, billed duration = handler time measured here on DynamoDB Local (form: ${perResponse.meanHandlerMsAlone} ms a request, measured on families answering alone), cold starts (and, since August 2025, their billed init) not counted`,
      surveyCache: "SURVEY_CACHE_MS=0: every form request reads the survey's settings, as a Lambda does when families arrive minutes apart; the frozen version is cached in a warm Lambda",
      publicUrl: process.env.PUBLIC_URL,
      freeTiers: "not applied",
      notCounted: "EventBridge schedules (free), SSM parameters for secrets (standard tier, free), the console (CloudFront, S3, the API), SQS's idle long polling (about 650,000 empty receives a month per deployment, about 0.26 USD), SES attachment bytes, KMS (SQS-managed keys are free), the toll-free number's monthly fee",
    },
    perResponse,
    perInvitation,
    summary,
    phaseSeconds: Object.fromEntries(Object.values(phases).map((p) => [p.name, p.seconds])),
    per1000Responses: per1000,
    transactions,
    storageByType: storage,
    // Commands that failed report no capacity, though AWS bills a failed conditional write: none expected.
    erroredCalls: Object.fromEntries(Object.values(phases).filter((p) => p.db!.errors > 0).map((p) => [p.name, p.db!.errors])),
    sesEmulatorEmails: sesStore.emails.length,
    sqs,
    budgets: {
      "capacity per response is constant": {
        met: JSON.stringify(perResponse.first.units) === JSON.stringify(perResponse.last.units) && perResponse.first.requests === perResponse.last.requests,
        value: `1st family ${fmt(perResponse.first.units)} in ${perResponse.first.requests} requests; ${families.toLocaleString("en")}th ${fmt(perResponse.last.units)} in ${perResponse.last.requests}`,
        note: "same answers, each alone; AWS-billed units (transactions re-priced)",
      },
      "summary run grows with new responses, not total": {
        met: large.read <= small.read * 1.1 + 1 && large.write <= small.write * 1.1 + 1,
        value: `+${EXTRA} at ${(RESPONSES + EXTRA).toLocaleString("en")}: ${fmt(small)}; +${EXTRA} at ${(RESPONSES + 2 * EXTRA + LARGE).toLocaleString("en")}: ${fmt(large)}`,
        limit: "within 10% (+1 unit)",
        note: "runs with no partner email due; a run that emails partners also reads every invitation once (response rate)",
      },
      "transactions re-priced as DynamoDB Local reports one-item ones": {
        met: check.singleItem.n > 0 && check.singleItem.agree === check.singleItem.n,
        value: `${check.singleItem.agree}/${check.singleItem.n}`,
        note: `the AWS-billed model of bench/cost.ts on one-item transactions; for several items Local under-reports (per response: Local ${transactions.perResponseTransaction.reported} WRU, billed ${transactions.perResponseTransaction.billed})`,
      },
    },
  };
  mkdirSync(new URL("./results", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/cost.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");

  // ---------- the table ----------
  const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
  const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
  const out: string[] = [];
  out.push("", `Cost per 1,000 responses (${PRICES.region} on-demand list prices, ${PRICES.asOf.slice(0, 7)}; no free tier)`);
  out.push(`Scenario: ${per1000.scenario}.`, "");
  out.push(`${pad("item", 58)}${lpad("quantity", 12)}  ${pad("unit", 9)}${lpad("unit price", 12)}${lpad("USD", 10)}`);
  for (const l of lines) out.push(`${pad(l.item, 58)}${lpad(String(l.quantity), 12)}  ${pad(l.unit, 9)}${lpad(l.unitPriceUsd.toPrecision(3), 12)}${lpad(l.usd.toFixed(4), 10)}`);
  out.push(`${pad("total", 58)}${lpad("", 12)}  ${pad("", 9)}${lpad("", 12)}${lpad(totalUsd.toFixed(4), 10)}`);
  out.push(`Prices: DynamoDB ${PRICES.dynamoWriteRequestUnit * 1e6} USD per million WRU, ${PRICES.dynamoReadRequestUnit * 1e6} per million RRU; Lambda ${PRICES.lambdaRequest * 1e6} per million requests and ${PRICES.lambdaArmGbSecond} per GB-s (arm64); API Gateway HTTP ${PRICES.apiGatewayHttpRequest * 1e6} per million; SQS ${PRICES.sqsRequest * 1e6} per million; SNS ${PRICES.snsPublish * 1e6} per million; SES ${PRICES.sesEmail * 1000} per 1,000 emails; SMS ${PRICES.smsPart} per part (${PRICES.smsPartNote}); logs ${PRICES.logsIngestGb} per GB; transfer ${PRICES.dataTransferOutGb} per GB; storage ${PRICES.dynamoStorageGbMonth} + PITR ${PRICES.dynamoPitrGbMonth} per GB-month.`);
  out.push(`  of which messaging ${messagingUsd.toFixed(2)} USD (${Math.round(per1000.costUsd.messagingShare * 100)}%); everything else ${per1000.costUsd.everythingElse.toFixed(4)} USD`, "");
  out.push("Capacity (AWS-billed; DynamoDB Local's own figure in brackets where it differs):");
  out.push(`  per response: ${fmt(perResponse.units)} [${fmt(perResponse.unitsAsDynamoDbLocalReports)}], ${perResponse.formRequestsPerResponse} form requests`);
  out.push(`  per invitation: launch ${fmt(perInvitation.launch.units)}, send ${fmt(perInvitation.send.units)}, delivery event ${fmt(perInvitation.deliveryEvent.units)}`);
  out.push(`  per reminder: send ${fmt(perInvitation.reminders.send.units)}; the remind run that queued ${reminderMessages}: ${fmt(db("remindRun").billed)}`);
  out.push(`  summary run (fold ${RESPONSES}, ${summaryEmails} partner emails): ${fmt(summary.run.units)} [${fmt(summary.run.unitsAsDynamoDbLocalReports)}], ${fmt(summary.run.perNewResponse)} per new response`);
  out.push(`  idle runs: summarise ${fmt(summary.idleRun.units)}, remind ${fmt(summary.remindIdleRun.units)} (reads all ${INVITED} invitations)`);
  out.push(`  +${EXTRA} new responses at ${RESPONSES + EXTRA}: ${fmt(small)}; at ${RESPONSES + 2 * EXTRA + LARGE}: ${fmt(large)}`);
  const sl = perInvitation.smsWithShortLinks;
  out.push(`  texts: ${JSON.stringify(perInvitation.smsByEncoding)}; with links on ${sl.linkBase} they would take ${sl.parts * scale} parts, not ${sl.insteadOf * scale}`);
  out.push("", `Per 1,000 responses: ${per1000.lambdaInvocationsTotal} Lambda invocations ${JSON.stringify(per1000.lambdaInvocations)}, ${allEmails * scale} emails, ${texts.length * scale} texts in ${smsParts * scale} parts`);
  for (const [name, b] of Object.entries(results.budgets)) out.push(`  ${b.met ? "✓" : "✗"} ${name}: ${b.value}`);
  console.log(out.join("\n"));
  log(`wrote bench/results/cost.json in ${results.seconds} s`);
} catch (err) {
  exitCode = 1;
  console.error(err);
} finally {
  await Promise.all([dynamo.stop(), ses.stop()]);
}
process.exit(exitCode);
