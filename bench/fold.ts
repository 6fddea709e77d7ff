// Benchmark: folding responses into tallies (DESIGN §7 "Summaries": cost grows with new responses, not
// total responses; 100,000 responses fold in well under a minute, in bounded memory). Two parts:
//
// 1. The fold's arithmetic on generated responses (no I/O): 100,000, then 1,000,000 responses streamed
//    through `Tally.add` (nothing but the tally is kept, so memory stays flat); then 1,000 new
//    responses folded into the 1,000,000-response tally (`count` the new ones + `merge`), against a
//    full recount of all 1,001,000. Peak RSS is this process's.
// 2. The real path on DynamoDB Local (in memory): N responses are written as the submit path writes
//    them (same item, same UNFOLDED index keys; batch-written to skip the form), `Tally.fold` counts
//    them; then 1,000 more arrive and a second fold reads and counts only those; then a fold with
//    nothing new. Reported: time, responses read from the index, transactions.
// Also: suppression and rendering of the 1,000,000-response tally, and the email's size.
//
// Run: npx tsx bench/fold.ts   (BENCH_DYNAMO_N to change part 2's size; default 20,000)
// Prints, and writes bench/results/fold.json. Do not run it beside the test suite on a 2-core machine.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { Actor } from "@feedback/core/actor";
import { Log } from "@feedback/core/log";
import { Organisation } from "@feedback/core/organisation";
import { Response } from "@feedback/core/response";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { Summary } from "@feedback/core/summary";
import { Survey } from "@feedback/core/survey";
import { Tally } from "@feedback/core/tally";
import { startDynamo } from "../packages/functions/src/local/components";
import { demoContent } from "../packages/functions/src/local/demo-survey";

const log = (s: string) => process.stderr.write(s + "\n");
Log.setSink(() => {});
const DIMENSIONS = ["site", "language", "channel"] as const;
const DYNAMO_N = Number(process.env.BENCH_DYNAMO_N ?? 20_000);

/** Deterministic synthetic answers for the demo survey, across 20 sites, 15 languages and 3 channels. */
function generator(seed: number) {
  let s = seed;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const skew = <T>(xs: readonly T[]) => xs[Math.floor(rand() ** 2 * xs.length)]!;
  const sites = Array.from({ length: 20 }, (_, i) => `School ${i + 1}`);
  const languages = ["en", "es", "vi", "ar", "ht", "so", "zh-Hans", "zh-Hant", "ko", "ru", "pt", "fr", "tl", "uk", "fa"];
  return (): Tally.Counted => {
    const barrier = skew(["none", "transport", "schedule", "language"]);
    const helped = ["homework", "confidence", "attendance", "friends"].filter(() => rand() < 0.45);
    return {
      dimensions: { site: skew(sites), language: skew(languages), channel: pick(["sms", "email", "public"]) },
      answers: {
        programme: pick(["tutoring", "arts", "health", "mentoring"]),
        satisfaction: 1 + Math.floor(rand() * 5),
        recommend: Math.floor(rand() * 11),
        ...(helped.length ? { helped } : {}),
        barrier,
        ...(barrier !== "none" && rand() < 0.5 ? { barrier_detail: "Later hours" } : {}),
        children: 1 + Math.floor(rand() * 3),
        ...(rand() < 0.3 ? { comments: "Thank you" } : {}),
      },
    };
  };
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const ms = (t: number) => Math.round(performance.now() - t);

function foldStream(n: number, seed: number, into = Tally.empty()) {
  const next = generator(seed);
  const t = performance.now();
  for (let i = 0; i < n; i++) Tally.add(into, demoContent, DIMENSIONS, next());
  return { data: into, ms: ms(t) };
}

// ---------- part 1: the arithmetic ----------
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: (await import("node:os")).cpus().length };
log("part 1: pure fold on generated responses");
const small = foldStream(100_000, 1);
const smallSize = gzipSync(JSON.stringify(small.data)).length;
const smallRss = rssMb();
log(`  100,000 responses: ${small.ms} ms, peak RSS ${smallRss} MB, tally ${smallSize} B gzip`);
const big = foldStream(1_000_000, 2);
const bigSize = gzipSync(JSON.stringify(big.data)).length;
const bigRss = rssMb();
log(`  1,000,000 responses: ${big.ms} ms, peak RSS ${bigRss} MB, tally ${bigSize} B gzip`);

let t = performance.now();
const incremental = Tally.merge(big.data, foldStream(1_000, 3).data);
const incrementalMs = ms(t);
t = performance.now();
const recount = foldStream(1_000_000, 2).data;
foldStream(1_000, 3, recount);
const recountMs = ms(t);
const same = JSON.stringify(incremental) === JSON.stringify(recount);
log(`  +1,000 new into the 1,000,000 tally: ${incrementalMs} ms (count the new + merge); full recount of 1,001,000: ${recountMs} ms; equal: ${same}`);

t = performance.now();
const release = Summary.suppress({ k: 10, data: incremental, questions: demoContent.questions, dimensions: DIMENSIONS });
const suppressMs = ms(t);
t = performance.now();
const email = Summary.render({
  language: "es",
  orgName: "Riverside Unified School District",
  partnerName: "Northside Youth Arts",
  agreementEnd: "2027-07-31",
  content: demoContent,
  period: { kind: "weekly", key: "2026-W48", start: "2026-11-23" },
  release,
  comments: [],
  unsubscribeUrl: "https://example.org/unsubscribe/partner/AAAAAAAAAAAAAAAAAAAAAA",
});
const renderMs = ms(t);
log(`  suppress the 1,001,000 tally: ${suppressMs} ms (${release.withheld.cells} figures withheld); render: ${renderMs} ms; HTML ${Buffer.byteLength(email.html)} B, text ${Buffer.byteLength(email.text)} B, CSV ${Buffer.byteLength(email.csv)} B`);

results.pure = {
  fold100k: { responses: 100_000, ms: small.ms, peakRssMbAfter: smallRss, tallyGzipBytes: smallSize },
  fold1m: { responses: 1_000_000, ms: big.ms, peakRssMbAfter: bigRss, tallyGzipBytes: bigSize },
  incremental1k: { existing: 1_000_000, added: 1_000, ms: incrementalMs, fullRecountMs: recountMs, equalToRecount: same },
  suppressMs,
  renderMs,
  email: { htmlBytes: Buffer.byteLength(email.html), textBytes: Buffer.byteLength(email.text), csvBytes: Buffer.byteLength(email.csv), withheldCells: release.withheld.cells },
};

// ---------- part 2: DynamoDB Local ----------
log(`part 2: Tally.fold on DynamoDB Local, ${DYNAMO_N.toLocaleString("en")} responses, then 1,000 more`);
const dynamo = await startDynamo();
try {
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
  await ensureTable(raw, "bench-fold");
  Store.configure({ table: "bench-fold", endpoint: dynamo.endpoint });
  await Actor.provide({ type: "system" }, async () => {
    const org = await Organisation.create({ name: "Bench District" });
    const created = await Survey.create({ orgId: org.id, content: demoContent, dimensions: [...DIMENSIONS] });
    const survey = await Survey.transition({ orgId: org.id, id: created.id, to: "open" });
    const next = generator(4);
    const insert = async (n: number) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i += 25 * 8) {
        await Promise.all(
          Array.from({ length: Math.min(8, Math.ceil((n - i) / 25)) }, async (_, b) => {
            const size = Math.min(25, n - i - b * 25);
            if (size <= 0) return;
            let items = Array.from({ length: size }, () => {
              const r = next();
              return { PutRequest: { Item: Response.item(Response.build(survey, survey.launchedVersion!, r.answers as Response.Answers, r.dimensions)) } };
            });
            while (items.length) {
              const res = await Store.client().send(new BatchWriteCommand({ RequestItems: { [Store.table()]: items } }));
              items = (res.UnprocessedItems?.[Store.table()] ?? []) as typeof items;
            }
          }),
        );
      }
      return ms(t0);
    };
    const transactions = () => {
      let n = 0;
      const client = Store.client();
      const send = client.send.bind(client);
      client.send = ((command: unknown) => {
        if (command instanceof TransactWriteCommand) n++;
        return send(command as never);
      }) as typeof client.send;
      return { count: () => n, stop: () => void (client.send = send) };
    };
    const fold = async () => {
      const counter = transactions();
      const t0 = performance.now();
      const out = await Tally.fold({ orgId: org.id, surveyId: survey.id });
      const elapsed = ms(t0);
      counter.stop();
      return { ...out, ms: elapsed, transactions: counter.count() };
    };
    const insertMs = await insert(DYNAMO_N);
    const first = await fold();
    log(`  inserted ${DYNAMO_N} in ${insertMs} ms; first fold: ${first.ms} ms, read ${first.seen}, counted ${first.folded}, ${first.transactions} transactions`);
    await insert(1_000);
    const second = await fold();
    log(`  +1,000: fold ${second.ms} ms, read ${second.seen}, counted ${second.folded}, ${second.transactions} transactions`);
    const idle = await fold();
    log(`  nothing new: fold ${idle.ms} ms, read ${idle.seen}`);
    const [tally] = await Tally.list({ orgId: org.id, surveyId: survey.id });
    results.dynamo = {
      responses: DYNAMO_N,
      insertMs,
      first,
      incremental1k: second,
      nothingNew: idle,
      tallyRespondents: tally!.data.respondents[""],
      perResponseMs: { first: Math.round((100 * first.ms) / first.folded) / 100, incremental: Math.round((100 * second.ms) / second.folded) / 100 },
    };
  });
} finally {
  await dynamo.stop();
}
results.peakRssMb = rssMb();

// The design's budgets (DESIGN §7 "Summaries"), for bench/RESULTS.md.
const dyn = results.dynamo as { first: { ms: number; seen: number }; incremental1k: { ms: number; seen: number; folded: number } };
results.budgets = {
  fold100kWellUnderAMinute: { met: small.ms < 60_000, value: small.ms, limitMs: 60_000, note: "pure fold of 100,000 generated responses" },
  foldBoundedMemory: { met: bigRss <= smallRss * 1.25, value: `${smallRss} MB after 100k, ${bigRss} MB after 1M`, note: "peak RSS of the process; responses are streamed" },
  incrementalCostsTheNew: {
    met: incrementalMs * 50 < recountMs && dyn.incremental1k.seen === 1_000,
    value: `+1,000 into 1M: ${incrementalMs} ms vs recount ${recountMs} ms; DynamoDB Local: read ${dyn.incremental1k.seen}, ${dyn.incremental1k.ms} ms (first ${DYNAMO_N}: ${dyn.first.ms} ms)`,
    note: "a run reads only the UNFOLDED index",
  },
};

mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/fold.json", JSON.stringify(results, null, 2) + "\n");
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
