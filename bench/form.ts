// Benchmark: the family form on the local server (the same Hono app the form Lambda serves, on
// @hono/node-server, against DynamoDB Local), with the server in its own process
// (bench/support/form-server.ts) and autocannon generating load from this one. Prints, and writes to
// bench/results/form.json:
// - first-page weight: HTML + CSS, gzip -9, scripts and external requests (none, by design);
// - render latency of /p/demo at 1 and 50 concurrent connections: client-observed p50/p99, and the
//   server-side handler time from the access log;
// - submit latency and throughput at 50 concurrent, each request a different family's final submit,
//   and the accounting: responses stored == submissions acknowledged (303), none twice.
// Run: npx tsx bench/form.ts
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 2000);
// "50 concurrent" as DESIGN §7 means it: 50 families with a request in flight at once, at a steady
// rate far above launch night's (50,000 links; say 10,000 answers in the peak hour, ~3 submits/s and
// ~30 page views/s). Flat-out runs, which measure how much the machine can take and how requests
// queue behind each other beyond that, are reported beside them as capacity.
const RENDER_RATE = Number(process.env.BENCH_RENDER_RATE ?? 1000);
const SUBMIT_RATE = Number(process.env.BENCH_SUBMIT_RATE ?? 100);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 15);
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
const lat = (r: autocannon.Result) => ({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rps: Math.round(r.requests.average), errors: r.errors, timeouts: r.timeouts });
const serverSide = async (route: string) => {
  const s = (await ask({ type: "stats" }, "stats")).stats![route];
  await ask({ type: "reset" }, "reset");
  return s;
};

// ---- render ----
await run({ url: `${base}/p/demo`, connections: 10, duration: 3 }); // warm-up (JIT, caches)
await ask({ type: "reset" }, "reset");
const render1 = { ...lat(await run({ url: `${base}/p/demo`, connections: 1, duration: 5 })), server: await serverSide("GET /p/:slug") };
const render50 = { ...lat(await run({ url: `${base}/p/demo`, connections: 50, duration: PACED_SECONDS, overallRate: RENDER_RATE })), server: await serverSide("GET /p/:slug") };
const render50Max = { ...lat(await run({ url: `${base}/p/demo`, connections: 50, duration: 10 })), server: await serverSide("GET /p/:slug") };
log(`render  1 conn: p50 ${render1.p50} ms, p99 ${render1.p99} ms (server ${render1.server?.p50}/${render1.server?.p99} ms)`);
log(`render 50 conn at ${RENDER_RATE}/s: p50 ${render50.p50} ms, p99 ${render50.p99} ms, ${render50.rps} req/s (server ${render50.server?.p50}/${render50.server?.p99} ms)`);
log(`render 50 conn flat out: p50 ${render50Max.p50} ms, p99 ${render50Max.p99} ms, ${render50Max.rps} req/s (server ${render50Max.server?.p50}/${render50Max.server?.p99} ms)`);

// ---- submit ----
// Each request is a different family's final "Send" (its answers already saved), so every one stores a
// response: 50 connections at SUBMIT_RATE for PACED_SECONDS, then the rest flat out.
const paced = SUBMIT_RATE * PACED_SECONDS;
log(`preparing ${paced + SUBMITS} families with answered drafts…`);
const tokens = (await ask({ type: "families", count: paced + SUBMITS }, "families")).tokens!;
let next = 0;
async function submits(amount: number, overallRate?: number) {
  const before = (await ask({ type: "stats" }, "stats")).responses!;
  await ask({ type: "reset" }, "reset");
  const statuses: Record<number, number> = {};
  const r = await run({
    url: base,
    connections: 50,
    amount,
    ...(overallRate ? { overallRate } : {}),
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
  return { ...lat(r), server: after.stats!["POST /s/:token"], statuses, sent: amount, acknowledged: statuses[303] ?? 0, stored: after.responses! - before };
}
const submit = await submits(paced, SUBMIT_RATE);
log(`submit 50 conn at ${SUBMIT_RATE}/s: p50 ${submit.p50} ms, p99 ${submit.p99} ms, ${submit.rps} req/s (server ${submit.server?.p50}/${submit.server?.p99} ms); acknowledged ${submit.acknowledged}, stored ${submit.stored}`);
const submitMax = await submits(SUBMITS);
log(`submit 50 conn flat out: p50 ${submitMax.p50} ms, p99 ${submitMax.p99} ms, ${submitMax.rps} req/s (server ${submitMax.server?.p50}/${submitMax.server?.p99} ms); acknowledged ${submitMax.acknowledged}, stored ${submitMax.stored}`);
const once = (r: typeof submit) => r.stored === r.acknowledged && r.acknowledged === r.sent;

const result = {
  date: new Date().toISOString(),
  node: process.version,
  firstPageGzipBytes: firstPage,
  weight,
  render: { c1: render1, c50: { ...render50, offeredRate: RENDER_RATE }, c50FlatOut: render50Max },
  submit: { c50: { ...submit, offeredRate: SUBMIT_RATE }, c50FlatOut: submitMax },
  budgets: {
    firstPage: { limitBytes: 14 * 1024, value: firstPage, met: firstPage <= 14 * 1024 && weight.scripts === 0 && weight.externalRequests === 0, note: "HTML + CSS gzip, 0 scripts, 0 external requests" },
    renderP99At50: {
      limitMs: 20,
      value: render50.p99,
      met: render50.p99 < 20 && render50.errors === 0,
      note: `client-observed, 50 connections offering ${RENDER_RATE} req/s for ${PACED_SECONDS} s (p50 ${render50.p50} ms); server-side p99 ${render50.server?.p99} ms`,
    },
    submitP99At50: {
      limitMs: 50,
      value: submit.p99,
      met: submit.p99 < 50 && submit.errors === 0,
      note: `client-observed, 50 connections offering ${SUBMIT_RATE} submits/s for ${PACED_SECONDS} s (p50 ${submit.p50} ms), each a different family's final submit; server-side p99 ${submit.server?.p99} ms`,
    },
    exactlyOnce: { met: once(submit) && once(submitMax), value: `${submit.acknowledged + submitMax.acknowledged} acknowledged, ${submit.stored + submitMax.stored} stored`, note: "paced and flat-out runs" },
  },
  capacity: {
    render: `${render50Max.rps} req/s with 50 connections flat out: p50 ${render50Max.p50} ms, p99 ${render50Max.p99} ms (queueing: latency ≈ 50 / throughput), server-side p99 ${render50Max.server?.p99} ms`,
    submit: `${submitMax.rps} submits/s with 50 connections flat out: p50 ${submitMax.p50} ms, p99 ${submitMax.p99} ms, server-side p99 ${submitMax.server?.p99} ms — DynamoDB Local's limit on this machine (one Query + one 3-item transaction each)`,
  },
};
mkdirSync(new URL("./results", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/form.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result.budgets));
child.send({ type: "stop" });
