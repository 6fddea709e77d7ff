// Benchmark: the family form on the local server (the same Hono app the form Lambda serves, on
// @hono/node-server, against DynamoDB Local), with the server in its own process
// (bench/support/form-server.ts) and autocannon generating load from this one. Prints, and writes to
// bench/results/form.json:
// - first-page weight: HTML + CSS, gzip -9, scripts and external requests (none, by design);
// - render latency of /p/demo at 1 and 50 concurrent connections: client-observed p50/p99, and the
//   server-side handler time from the access log;
// - submit latency and throughput at 1, 2, 5, 10, 20 and 50 concurrent, each request a different family's final submit,
//   and the accounting: responses stored == submissions acknowledged (303), none twice;
// - the store's floor under those figures: DynamoDB Local alone doing a submit's transaction at 1 and at
//   50 in flight, from a client in the server's process with no HTTP or form code in between.
// Run: npx tsx bench/form.ts
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 2000);
// DESIGN §7's "at 50 concurrent" read strictly: 50 connections, each sending its next request as soon
// as the last is answered, so 50 requests are always in flight and each waits for those ahead of it
// (latency ≈ 50 / throughput). One connection alone gives the latency of a request that waits for none.
const ALONE = Number(process.env.BENCH_SUBMITS_ALONE ?? 200);
// Between the two: how many submits may be in flight while p99 stays under the budget's 50 ms.
const LEVELS = [2, 5, 10, 20];
const PER_LEVEL = Number(process.env.BENCH_SUBMITS_PER_LEVEL ?? 300);
const log = (s: string) => process.stderr.write(s + "\n");

const child = fork(new URL("./support/form-server.ts", import.meta.url).pathname, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
type Msg = { type: string; url?: string; tokens?: string[]; stats?: Record<string, { n: number; p50: number; p99: number }>; responses?: number };
const ask = (msg: object, want: string) =>
  new Promise<Msg>((resolve) => {
    const on = (m: Msg) => m.type === want && (child.off("message", on), resolve(m));
    child.on("message", on);
    if (Object.keys(msg).length) child.send(msg);
  });
const base = (await ask({}, "ready")).url!;

// ---- page weight ----
const html = await (await fetch(`${base}/p/demo`)).text();
const cssHref = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
const css = await (await fetch(base + cssHref)).text();
const weight = {
  htmlBytes: Buffer.byteLength(html),
  htmlGzip: gzipSync(html, { level: 9 }).length,
  cssGzip: gzipSync(css, { level: 9 }).length,
  scripts: (html.match(/<script/gi) ?? []).length,
  externalRequests: (html.match(/(?:src|href)="https?:\/\//g) ?? []).length,
};
const firstPage = weight.htmlGzip + weight.cssGzip;
log(`page weight: ${firstPage} B gzip (HTML ${weight.htmlGzip} + CSS ${weight.cssGzip}), ${weight.scripts} scripts, ${weight.externalRequests} external`);

const run = (opts: autocannon.Options) =>
  new Promise<autocannon.Result>((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
// Throughput over the whole run (autocannon's per-second average misreads runs shorter than a few seconds).
const lat = (r: autocannon.Result) => ({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rps: Math.round(r.requests.total / r.duration), errors: r.errors, timeouts: r.timeouts });
const serverSide = async (route: string) => {
  const s = (await ask({ type: "stats" }, "stats")).stats![route];
  await ask({ type: "reset" }, "reset");
  return s;
};

// ---- render ----
await run({ url: `${base}/p/demo`, connections: 10, duration: 3 }); // warm-up (JIT, caches)
await ask({ type: "reset" }, "reset");
const render1 = { ...lat(await run({ url: `${base}/p/demo`, connections: 1, duration: 5 })), server: await serverSide("GET /p/:slug") };
// Three runs of 10 s; the one with the median p99 is reported, with every run's p99 beside it (one
// stray scheduling hiccup on a shared 2-core machine moves a single run's p99 by several ms).
const renderRuns = [];
for (let i = 0; i < 3; i++) renderRuns.push({ ...lat(await run({ url: `${base}/p/demo`, connections: 50, duration: 10 })), server: await serverSide("GET /p/:slug") });
const render50 = { ...[...renderRuns].sort((a, b) => a.p99 - b.p99)[1]!, p99OfEachRun: renderRuns.map((r) => r.p99) };
log(`render  1 conn: p50 ${render1.p50} ms, p99 ${render1.p99} ms (server ${render1.server?.p50}/${render1.server?.p99} ms)`);
log(`render 50 conn: p50 ${render50.p50} ms, p99 ${render50.p99} ms, ${render50.rps} req/s (server ${render50.server?.p50}/${render50.server?.p99} ms)`);

// ---- submit ----
// Each request is a different family's final "Send" (its answers already saved), so every one stores a
// response: ALONE of them on one connection, then SUBMITS on 50.
// autocannon waits forever for a request count below its connection count.
const perLevel = (connections: number) => Math.max(PER_LEVEL, connections);
const families = ALONE + SUBMITS + LEVELS.reduce((n, c) => n + perLevel(c), 0);
log(`preparing ${families} families with answered drafts…`);
const tokens = (await ask({ type: "families", count: families }, "families")).tokens!;
let next = 0;
async function submits(amount: number, connections: number) {
  const before = (await ask({ type: "stats" }, "stats")).responses!;
  await ask({ type: "reset" }, "reset");
  const statuses: Record<number, number> = {};
  const r = await run({
    url: base,
    connections,
    amount,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => ({
          ...req,
          path: `/s/${tokens[next++]}`,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: "fc=benchbenchbenchbenchbe" },
          body: "_csrf=benchbenchbenchbenchbe&_at=review&_action=submit",
        }),
      },
    ],
  });
  for (const [code, v] of Object.entries((r as unknown as { statusCodeStats?: Record<string, { count?: number }> }).statusCodeStats ?? {})) statuses[Number(code)] = v.count ?? 0;
  const after = await ask({ type: "stats" }, "stats");
  // From Little's law (in flight / mean latency): autocannon ends a run on a whole second, so its
  // duration, and a wall-clock timing of it, is too coarse for a run of 300.
  const rps = Math.round((connections * 1000) / r.latency.mean);
  return { ...lat(r), rps, connections, server: after.stats!["POST /s/:token"], statuses, sent: amount, acknowledged: statuses[303] ?? 0, stored: after.responses! - before };
}
const submit1 = await submits(ALONE, 1);
log(`submit  1 conn: p50 ${submit1.p50} ms, p99 ${submit1.p99} ms, ${submit1.rps} req/s (server ${submit1.server?.p50}/${submit1.server?.p99} ms); acknowledged ${submit1.acknowledged}, stored ${submit1.stored}`);
const sweep = [{ connections: 1, p99: submit1.p99, rps: submit1.rps }];
const runs = [submit1];
for (const connections of LEVELS) {
  const r = await submits(perLevel(connections), connections);
  sweep.push({ connections, p99: r.p99, rps: r.rps });
  runs.push(r);
  log(`submit ${String(connections).padStart(2)} conn: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps} req/s; acknowledged ${r.acknowledged}, stored ${r.stored}`);
}
const submit = await submits(SUBMITS, 50);
sweep.push({ connections: 50, p99: submit.p99, rps: submit.rps });
runs.push(submit);
const within = sweep.filter((x) => x.p99 < 50).at(-1);
log(`submit 50 conn: p50 ${submit.p50} ms, p99 ${submit.p99} ms, ${submit.rps} req/s (server ${submit.server?.p50}/${submit.server?.p99} ms); acknowledged ${submit.acknowledged}, stored ${submit.stored}`);
// The floor: DynamoDB Local alone, doing the same transaction from a client with no server in between.
const FLOOR = Number(process.env.BENCH_FLOOR ?? 2000);
type Floor = { connections: number; count: number; perSecond: number; p50: number; p99: number };
const floor1 = (await ask({ type: "floor", count: Math.min(FLOOR, ALONE), connections: 1 }, "floor")) as unknown as { floor: Floor };
const floor50 = (await ask({ type: "floor", count: FLOOR, connections: 50 }, "floor")) as unknown as { floor: Floor };
const floor = { c1: floor1.floor, c50: floor50.floor };
log(`store floor (DynamoDB Local alone, the submit's transaction):  1 in flight p50 ${floor.c1.p50} ms, p99 ${floor.c1.p99} ms; 50 in flight p50 ${floor.c50.p50} ms, p99 ${floor.c50.p99} ms, ${floor.c50.perSecond}/s`);
const once = (r: typeof submit) => r.stored === r.acknowledged && r.acknowledged === r.sent;

const result = {
  date: new Date().toISOString(),
  node: process.version,
  firstPageGzipBytes: firstPage,
  weight,
  render: { c1: render1, c50: render50 },
  submit: { c1: submit1, c50: submit, byConnections: sweep, storeFloor: floor },
  budgets: {
    firstPage: { limitBytes: 14 * 1024, value: firstPage, met: firstPage <= 14 * 1024 && weight.scripts === 0 && weight.externalRequests === 0, note: "HTML + CSS gzip, 0 scripts, 0 external requests" },
    renderP99At50: {
      limitMs: 20,
      value: render50.p99,
      met: render50.p99 < 20 && render50.errors === 0,
      note: `client-observed, 50 connections flat out, median of 3 runs of 10 s (p99 of each: ${render50.p99OfEachRun.join(", ")} ms): ${render50.rps} pages/s, p50 ${render50.p50} ms; time in the handler p99 ${render50.server?.p99} ms; one connection alone p99 ${render1.p99} ms`,
    },
    submitP99At50: {
      limitMs: 50,
      value: submit.p99,
      met: submit.p99 < 50 && submit.errors === 0,
      note: `client-observed, 50 connections flat out, each request a different family's final submit: ${submit.rps} submits/s, p50 ${submit.p50} ms; one connection alone p50 ${submit1.p50} ms, p99 ${submit1.p99} ms. Each submit is a Query and a 3-item transaction, and DynamoDB Local (Java, on the same 2 cores) completes about ${submit.rps} of them a second, so 50 in flight queue behind it. The floor: DynamoDB Local alone, sent that transaction by a client with no server in between, 50 in flight, answers at p99 ${floor.c50.p99} ms (${floor.c50.perSecond}/s; 1 in flight p99 ${floor.c1.p99} ms), so no server in front of it can meet this budget here: with 50 always in flight, latency is 50 / throughput (Little's law), and 50 ms needs 1,000 submits a second. Fewer in flight: p99 ${sweep.map((x) => `${x.p99} ms at ${x.connections}`).join(", ")}; the budget's 50 ms holds up to ${within ? `${within.connections} in flight (${within.rps} submits/s)` : "none"}`,
    },
    exactlyOnce: {
      met: runs.every(once),
      value: `${runs.reduce((n, r) => n + r.acknowledged, 0)} acknowledged, ${runs.reduce((n, r) => n + r.stored, 0)} stored`,
      note: `every acknowledged submit stored once, none lost (the submits at ${runs.map((r) => r.connections).join(", ")} in flight)`,
    },
  },
};
mkdirSync(new URL("./results", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/form.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result.budgets));
child.send({ type: "stop" });
