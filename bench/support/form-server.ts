// The server side of bench/form.ts, in its own process so the load generator does not share its
// event loop: DynamoDB Local (in memory), the demo seed, the family form app on @hono/node-server,
// exactly as the local stack serves it. It records each request's server-side duration (from the
// same access-log line production writes) and reports percentiles when asked over IPC.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Invitation } from "@feedback/core/invitation";
import { Log } from "@feedback/core/log";
import { saveDraft } from "@feedback/core/response/draft";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { form } from "../../packages/functions/src/form/app";
import { startDynamo } from "../../packages/functions/src/local/components";
import { DEMO_ORG, DEMO_SURVEY, seed } from "../../packages/functions/src/local/seed";

process.env.TOKEN_SECRET ??= "bench-token-secret";
// The access log carries each request's duration; it goes to memory here, not to the console.
process.env.LOG_LEVEL = "info";
const durations: Record<string, number[]> = {};
// Read with one regular expression rather than JSON.parse: the measuring must not be what is measured.
const ACCESS = /"event":"http\.request".*?"method":"([A-Z]+)","route":"([^"]*)".*?"durationMs":([\d.]+)/;
Log.setSink((line) => {
  const m = ACCESS.exec(line);
  if (m) (durations[`${m[1]} ${m[2]}`] ??= []).push(Number(m[3]));
});

const dynamo = await startDynamo();
const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
await ensureTable(raw, "bench");
Store.configure({ table: "bench", endpoint: dynamo.endpoint });
await seed();

const server = serve({ fetch: form.fetch, port: 0, hostname: "127.0.0.1" });
await new Promise((r) => server.once("listening", r));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

process.on("message", async (msg: { type: string; count?: number }) => {
  if (msg.type === "invitations") {
    // Families with a fresh link and nothing answered yet (the load test walks every page).
    const tokens: string[] = [];
    await Actor.provide({ type: "system" }, async () => {
      for (let i = 0; i < msg.count!; i += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, msg.count! - i) }, async (_, j) => {
            const contact = await Contact.create({ orgId: DEMO_ORG, email: `load${i + j}@example.org`, language: "es", attributes: { site: "Riverside Middle School" } });
            const { token } = await Invitation.create({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY, contactId: contact.id, channel: "sms", language: "es", dimensions: { site: "Riverside Middle School" } });
            tokens.push(token);
          }),
        );
      }
    });
    process.send!({ type: "invitations", tokens });
  } else if (msg.type === "families") {
    // Families who have answered every page and only need to press "Send".
    const tokens: string[] = [];
    await Actor.provide({ type: "system" }, async () => {
      for (let i = 0; i < msg.count!; i += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, msg.count! - i) }, async (_, j) => {
            const contact = await Contact.create({ orgId: DEMO_ORG, email: `bench${i + j}@example.org`, language: "en", attributes: { site: "Maple Grove Elementary" } });
            const { token } = await Invitation.create({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY, contactId: contact.id, channel: "email", language: "en", dimensions: { site: "Maple Grove Elementary" } });
            await saveDraft({ kind: "invitation", token }, { surveyId: DEMO_SURVEY, version: 1, at: "review", answers: { programme: "arts", satisfaction: 4, recommend: 8, barrier: "none", helped: ["homework"] } });
            tokens.push(token);
          }),
        );
      }
    });
    process.send!({ type: "families", tokens });
  } else if (msg.type === "reset") {
    for (const k of Object.keys(durations)) delete durations[k];
    process.send!({ type: "reset" });
  } else if (msg.type === "stats") {
    const stats = Object.fromEntries(Object.entries(durations).map(([k, xs]) => [k, { n: xs.length, p50: pct(xs, 50), p99: pct(xs, 99) }]));
    const responses = (await Store.queryAll({ pk: `SURVEY#${DEMO_SURVEY}`, prefix: "RESP#" })).length;
    process.send!({ type: "stats", stats, responses });
  } else if (msg.type === "floor") {
    // DynamoDB Local's own speed for the write a submit makes (a Put with a condition, a conditional
    // Update and a Delete in one transaction), straight from a client with no server in between: the
    // floor under the submit figures. `count` transactions, `connections` in flight at a time.
    const { count, connections } = msg as unknown as { count: number; connections: number };
    const doc = Store.client();
    const ms: number[] = [];
    const run = `floor${Date.now()}`;
    const pool = async (work: (k: string) => Promise<unknown>) => {
      let i = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (i < count) await work(`${run}-${i++}`);
        }),
      );
    };
    await pool((k) => doc.send(new PutCommand({ TableName: "bench", Item: { pk: `INV#${k}`, sk: "INV", answered: false } })));
    const started = performance.now();
    await pool(async (k) => {
      const t = performance.now();
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: "bench", Item: { pk: `SURVEY#${run}`, sk: `RESP#${k}`, answers: { programme: "arts", satisfaction: 4, helped: ["homework"] } }, ConditionExpression: "attribute_not_exists(pk)" } },
            { Update: { TableName: "bench", Key: { pk: `INV#${k}`, sk: "INV" }, UpdateExpression: "SET answered = :t", ConditionExpression: "attribute_exists(pk) AND answered = :f", ExpressionAttributeValues: { ":t": true, ":f": false } } },
            { Delete: { TableName: "bench", Key: { pk: `INV#${k}`, sk: "DRAFT" } } },
          ],
        }),
      );
      ms.push(performance.now() - t);
    });
    const seconds = (performance.now() - started) / 1000;
    process.send!({ type: "floor", floor: { connections, count, perSecond: Math.round(count / seconds), p50: Math.round(pct(ms, 50)), p99: Math.round(pct(ms, 99)) } });
  } else if (msg.type === "stop") {
    server.close();
    await dynamo.stop();
    process.exit(0);
  }
});
process.send!({ type: "ready", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
