// Load test with accounting: 200 simulated families answer the demo survey page by page through
// their personal links, concurrently, for 60 seconds, against the form server (its own process,
// DynamoDB Local, bench/support/form-server.ts). Afterwards the number of stored responses must equal
// exactly the submissions the server acknowledged (303): zero 5xx, zero lost, zero duplicates.
// Bounded: at most DURATION_S seconds and MAX_REQUESTS requests, and only 127.0.0.1 is contacted.
// Run: npx tsx bench/load.ts   (FAMILIES, DURATION_S, MAX_REQUESTS to change the shape)
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const FAMILIES = Number(process.env.FAMILIES ?? 200);
const DURATION_S = Number(process.env.DURATION_S ?? 60);
const MAX_REQUESTS = Number(process.env.MAX_REQUESTS ?? 200_000);
const INVITATIONS = Number(process.env.INVITATIONS ?? 6000);
const log = (s: string) => process.stderr.write(s + "\n");

const child = fork(new URL("./support/form-server.ts", import.meta.url).pathname, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
type Msg = { type: string; url?: string; tokens?: string[]; responses?: number; stats?: Record<string, { n: number; p50: number; p99: number }> };
const ask = (msg: object, want: string) =>
  new Promise<Msg>((resolve) => {
    const on = (m: Msg) => m.type === want && (child.off("message", on), resolve(m));
    child.on("message", on);
    if (Object.keys(msg).length) child.send(msg);
  });
const base = (await ask({}, "ready")).url!;
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error("the load test only targets 127.0.0.1");
log(`preparing ${INVITATIONS} invitations…`);
const tokens = (await ask({ type: "invitations", count: INVITATIONS }, "invitations")).tokens!;
const before = (await ask({ type: "stats" }, "stats")).responses!;
await ask({ type: "reset" }, "reset");

const counts = { requests: 0, acknowledged: 0, status5xx: 0, otherErrors: 0, families: 0, byStatus: {} as Record<number, number> };
const deadline = Date.now() + DURATION_S * 1000;
let nextToken = 0;
const alive = () => Date.now() < deadline && counts.requests < MAX_REQUESTS && nextToken < tokens.length;

async function request(path: string, init: RequestInit = {}) {
  counts.requests++;
  const res = await fetch(base + path, { ...init, redirect: "manual" });
  counts.byStatus[res.status] = (counts.byStatus[res.status] ?? 0) + 1;
  if (res.status >= 500) counts.status5xx++;
  await res.arrayBuffer();
  return res;
}

/** One family: open the link, three steps, review, send. */
async function family(token: string) {
  const path = `/s/${token}`;
  const first = await request(path);
  const cookie = (first.headers.getSetCookie()[0] ?? "").split(";")[0]!;
  const csrf = cookie.split("=")[1] ?? "";
  const post = (fields: Record<string, string>) =>
    request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
  await post({ _at: "programme", _action: "next", "q.programme": "tutoring", "q.satisfaction": "5", "q.recommend": "10" });
  await request(path, { headers: { cookie } });
  await post({ _at: "helped", _action: "next", "q.helped": "confidence", "q.barrier": "schedule" });
  await request(path, { headers: { cookie } });
  await post({ _at: "barrier_detail", _action: "next", "q.barrier_detail": "Más tarde, por favor", "q.children": "2" });
  await request(path, { headers: { cookie } });
  const sent = await post({ _at: "review", _action: "submit" });
  if (sent.status === 303) counts.acknowledged++;
  counts.families++;
}

const started = Date.now();
await Promise.all(
  Array.from({ length: FAMILIES }, async () => {
    while (alive()) {
      try {
        await family(tokens[nextToken++]!);
      } catch (err) {
        counts.otherErrors++;
        log(`client error: ${(err as Error).message}`);
      }
    }
  }),
);
const seconds = (Date.now() - started) / 1000;
const after = await ask({ type: "stats" }, "stats");
const stored = after.responses! - before;
const result = {
  date: new Date().toISOString(),
  concurrentFamilies: FAMILIES,
  seconds: Math.round(seconds),
  ...counts,
  requestsPerSecond: Math.round(counts.requests / seconds),
  stored,
  server: after.stats,
  budgets: {
    loadAccounting: {
      met: counts.status5xx === 0 && counts.otherErrors === 0 && stored === counts.acknowledged,
      value: `${counts.acknowledged} acknowledged, ${stored} stored, ${counts.status5xx} 5xx`,
      note: `${FAMILIES} families for ${Math.round(seconds)} s, ${counts.requests} requests`,
    },
  },
};
log(`load: ${counts.families} families, ${counts.requests} requests in ${seconds.toFixed(1)} s (${result.requestsPerSecond}/s); acknowledged ${counts.acknowledged}, stored ${stored}, 5xx ${counts.status5xx}`);
mkdirSync(new URL("./results", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/load.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result.budgets));
child.send({ type: "stop" });
