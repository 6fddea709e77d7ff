// Benchmark: the family form on the local server (the same Hono app the form Lambda serves, on
// @hono/node-server, against DynamoDB Local). Prints, and writes to bench/results/form.json:
// - first-page weight: HTML + CSS, gzip -9, and what it loads from elsewhere (nothing, by design);
// - render latency of /p/demo at 1 and 50 concurrent connections (p50, p99);
// - submit latency and throughput at 50 concurrent, each request a different family's final submit,
//   and the accounting: responses stored == submissions acknowledged (303), none twice.
// Run: npx tsx bench/form.ts   (part of `npm run bench`)
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Invitation } from "@feedback/core/invitation";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { saveDraft } from "@feedback/core/response/draft";
import { form } from "../packages/functions/src/form/app";
import { startDynamo } from "../packages/functions/src/local/components";
import { DEMO_ORG, DEMO_SURVEY, seed } from "../packages/functions/src/local/seed";

process.env.TOKEN_SECRET ??= "bench-token-secret";
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 3000);
const log = (s: string) => process.stderr.write(s + "\n");

const dynamo = await startDynamo();
const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
await ensureTable(raw, "bench");
Store.configure({ table: "bench", endpoint: dynamo.endpoint });
// Benchmarks measure the server, not its logging.
const { Log } = await import("@feedback/core/log");
Log.setSink(() => {});
await seed();

const server = serve({ fetch: form.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((r) => server.once("listening", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

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

function run(opts: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}
const lat = (r: autocannon.Result) => ({ p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, rps: Math.round(r.requests.average), non2xx: r.non2xx, errors: r.errors });

// ---- render ----
await run({ url: `${base}/p/demo`, connections: 10, duration: 2 }); // warm up
const render1 = lat(await run({ url: `${base}/p/demo`, connections: 1, duration: 5 }));
const render50 = lat(await run({ url: `${base}/p/demo`, connections: 50, duration: 10 }));
log(`render: 1 conn p50 ${render1.p50} ms p99 ${render1.p99} ms; 50 conn p50 ${render50.p50} ms p99 ${render50.p99} ms, ${render50.rps} req/s`);

// ---- submit ----
log(`preparing ${SUBMITS} families with answered drafts…`);
const tokens: string[] = [];
await Actor.provide({ type: "system" }, async () => {
  for (let i = 0; i < SUBMITS; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, SUBMITS - i) }, async (_, j) => {
        const contact = await Contact.create({ orgId: DEMO_ORG, email: `bench${i + j}@example.org`, language: "en", attributes: { site: "Maple Grove Elementary" } });
        const { token } = await Invitation.create({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY, contactId: contact.id, channel: "email", language: "en", dimensions: { site: "Maple Grove Elementary" } });
        await saveDraft({ kind: "invitation", token }, { surveyId: DEMO_SURVEY, version: 1, at: "review", answers: { programme: "arts", satisfaction: 4, recommend: 8, barrier: "none", helped: ["homework"] } });
        tokens.push(token);
      }),
    );
  }
});
const countResponses = async () => {
  let n = 0;
  let start: Record<string, never> | undefined;
  do {
    const r = await raw.send(new QueryCommand({ TableName: "bench", KeyConditionExpression: "pk = :p AND begins_with(sk, :s)", ExpressionAttributeValues: { ":p": { S: `SURVEY#${DEMO_SURVEY}` }, ":s": { S: "RESP#" } }, Select: "COUNT", ExclusiveStartKey: start }));
    n += r.Count ?? 0;
    start = r.LastEvaluatedKey as typeof start;
  } while (start);
  return n;
};
const before = await countResponses();
let next = 0;
const statuses: Record<number, number> = {};
const submit = await run({
  url: base,
  connections: 50,
  amount: tokens.length,
  requests: [
    {
      method: "POST",
      setupRequest: (req) => ({
        ...req,
        path: `/s/${tokens[next++ % tokens.length]}`,
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: "fc=benchbenchbenchbenchbe" },
        body: "_csrf=benchbenchbenchbenchbe&_at=review&_action=submit",
      }),
    },
  ],
});
const instance = submit as unknown as { statusCodeStats?: Record<string, { count?: number }> };
for (const [code, v] of Object.entries(instance.statusCodeStats ?? {})) statuses[Number(code)] = v.count ?? 0;
const stored = (await countResponses()) - before;
const submitStats = { ...lat(submit), statuses, acknowledged: statuses[303] ?? 0, stored };
log(`submit: 50 conn p50 ${submitStats.p50} ms p99 ${submitStats.p99} ms, ${submitStats.rps} req/s; acknowledged ${submitStats.acknowledged}, stored ${stored}`);

const result = {
  date: new Date().toISOString(),
  node: process.version,
  firstPageGzipBytes: firstPage,
  weight,
  render: { c1: render1, c50: render50 },
  submit: submitStats,
  budgets: {
    firstPage: { limit: 14 * 1024, value: firstPage, met: firstPage <= 14 * 1024 && weight.scripts === 0 && weight.externalRequests === 0 },
    renderP99At50: { limitMs: 20, value: render50.p99, met: render50.p99 < 20 },
    submitP99At50: { limitMs: 50, value: submitStats.p99, met: submitStats.p99 < 50 },
    exactlyOnce: { met: stored === submitStats.acknowledged && submitStats.acknowledged === tokens.length },
  },
};
mkdirSync(new URL("./results", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/form.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result.budgets, null, 2));
server.close();
await dynamo.stop();
process.exit(0);
