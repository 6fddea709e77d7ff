// `npm start`: the whole product on one machine, no AWS account. Starts DynamoDB Local (data kept in
// DATA_DIR), the SES emulator, one HTTP server with the same Hono apps the Lambdas use, the scheduled
// jobs on their schedules, and seeds a demo organisation on first run. Ctrl-C stops everything.
//
// Settings (environment variables):
//   PORT          HTTP port of the app (default 3000)
//   HOST          interface to listen on (default 127.0.0.1: loopback only)
//   DATA_DIR      where DynamoDB Local keeps its data and the generated secrets live (default .data)
//   DYNAMO_PORT   DynamoDB Local's port (default: a free port)
//   SES_PORT      the SES emulator's port, where its mail viewer is (default: a free port)
//   PUBLIC_URL    the base URL put into links in messages (default http://HOST:PORT)
//   JOBS          "off" to not run scheduled jobs
import { DynamoDBClient, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createHash, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve, join } from "node:path";
import { serve } from "@hono/node-server";
import { Log } from "@feedback/core/log";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { jobs } from "../jobs";
import { javaVersion, LOOPBACK, startDynamo, startSes, type Dynamo, type Ses } from "./components";
import { ensureConsole } from "./console";
import { createLocalApp, type ComponentState } from "./server";
import { seed } from "./seed";
import { demoSignInLink } from "./signin-link";
import { startScheduler } from "./scheduler";
import { afterSeed, outbox, startSending } from "./sending";

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? LOOPBACK;
const DATA_DIR = resolve(process.env.DATA_DIR ?? ".data");
const TABLE = "feedback-local";
const base = `http://${HOST === "0.0.0.0" ? LOOPBACK : HOST}:${PORT}`;
process.env.PUBLIC_URL ??= base;

function say(line: string) {
  process.stdout.write(line + "\n");
}

/** Secrets are generated once into DATA_DIR (never committed) and exported like Lambda's would be. */
function loadSecrets() {
  const file = join(DATA_DIR, "secrets.json");
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, "utf8"));
  let changed = false;
  for (const name of ["TOKEN_SECRET", "SESSION_SECRET"]) {
    if (!secrets[name]) {
      secrets[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  for (const [k, v] of Object.entries(secrets)) process.env[k] ??= v;
}

/** Lets axe-core (exactly the installed file, by hash) run in local pages for accessibility audits. */
function allowAxeAudits() {
  try {
    const file = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
    process.env.CSP_SCRIPT_HASHES ??= `sha256-${createHash("sha256").update(readFileSync(file)).digest("base64")}`;
  } catch {
    // axe-core is a development dependency; without it there is nothing to allow.
  }
}

async function main() {
  allowAxeAudits();
  const java = await javaVersion();
  if (!java || java < 17) {
    process.stderr.write(
      `${java ? `Java ${java} was found, but` : "Java was not found:"} DynamoDB Local needs Java 17 or newer.\n` +
        "Install it, then run npm start again:\n" +
        "  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n" +
        "  macOS (Homebrew): brew install openjdk@17\n" +
        "  Windows: winget install EclipseAdoptium.Temurin.17.JRE\n",
    );
    process.exit(1);
  }
  // The console is static files; a fresh clone has none until they are built (about a second).
  try {
    ensureConsole({ log: say });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  mkdirSync(DATA_DIR, { recursive: true });
  loadSecrets();

  const state: Record<string, ComponentState> = { dynamodb: "starting", ses: "starting", seed: "starting", jobs: "starting" };
  let dynamo: Dynamo | undefined;
  let ses: Ses | undefined;
  let stopping = false;
  let raw: DynamoDBClient | undefined;

  const links: Record<string, string> = {};
  const health = async () => {
    const live = { ...state };
    // Live checks, so /health tells the truth if a component dies after start.
    if (state.dynamodb === "ok")
      live.dynamodb = await raw!
        .send(new DescribeTableCommand({ TableName: TABLE }), { abortSignal: AbortSignal.timeout(1500) })
        .then(() => "ok" as const, () => "down" as const);
    if (state.ses === "ok")
      live.ses = await fetch(`${ses!.endpoint}/health-check`, { signal: AbortSignal.timeout(1500) }).then(
        (r) => (r.ok ? ("ok" as const) : ("down" as const)),
        () => "down" as const,
      );
    return live;
  };
  const app = createLocalApp({ health, links, outbox });
  // Listen first, so /health can answer 503 while the rest starts.
  const server = serve({ fetch: app.fetch, port: PORT, hostname: HOST });
  await new Promise<void>((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  }).catch((err: NodeJS.ErrnoException) => {
    process.stderr.write(err.code === "EADDRINUSE" ? `Port ${PORT} is in use. Set PORT to another port.\n` : `${err.message}\n`);
    process.exit(1);
  });

  // server.close() waits for every open connection, and closes idle ones only once, when called. A client
  // that keeps reusing its keep-alive connection (a browser tab polling /health, a load test) kept the
  // server open, and Ctrl-C hanging, for minutes. So connections are closed as soon as they fall idle
  // (requests in flight still finish), and whatever is still open after 10 s is cut.
  const closeServer = () =>
    new Promise<void>((done) => {
      const http = server as Server;
      const idle = setInterval(() => http.closeIdleConnections(), 100);
      const cut = setTimeout(() => http.closeAllConnections(), 10_000);
      server.close(() => (clearInterval(idle), clearTimeout(cut), done()));
    });

  let scheduler: { stop: () => void } | undefined;
  let sending: { stop: () => Promise<void> } | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\nStopping (${signal})…`);
    scheduler?.stop();
    await sending?.stop();
    await closeServer();
    await Promise.allSettled([dynamo?.stop(), ses?.stop()]);
    process.exit(0);
  };
  // `npm start` runs this file with `node --import tsx`, not through the tsx CLI: the CLI relays Ctrl-C
  // to a child process and SIGKILLs it unless the child acknowledges within 30 ms, which a busy stack
  // (DynamoDB Local starting on two cores) can miss; a SIGKILL skips this shutdown and leaves Java running.
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const dynamoPort = process.env.DYNAMO_PORT ? Number(process.env.DYNAMO_PORT) : undefined;
  [dynamo, ses] = await Promise.all([
    startDynamo({ port: dynamoPort, path: join(DATA_DIR, "dynamodb") }),
    startSes({ port: process.env.SES_PORT ? Number(process.env.SES_PORT) : undefined }),
  ]);
  // If DynamoDB Local dies (it is a separate Java process), start it again on the same port and data.
  // A restart can fail too (killed again while it starts, the port taken meanwhile): it is logged and
  // tried again, never thrown from the exit listener, where it would be an unhandled rejection that
  // takes the whole stack (and every family's open form) down. If we stop during a restart, the Java
  // being started is stopped by shutdown or, at the latest, by startDynamo's exit hook.
  const restart = async (dead: Dynamo) => {
    state.dynamodb = "starting";
    Log.warn("local.dynamodb_restart", { component: "dynamodb", code: dead.process.signalCode ?? String(dead.process.exitCode) });
    for (let attempt = 1; !stopping; attempt++) {
      try {
        dynamo = await startDynamo({ port: dead.port, path: join(DATA_DIR, "dynamodb") });
      } catch (error) {
        Log.error("local.dynamodb_restart_failed", { component: "dynamodb", count: attempt, error });
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
        continue;
      }
      if (stopping) return;
      supervise(dynamo);
      state.dynamodb = "ok";
      return;
    }
  };
  const supervise = (d: Dynamo) => {
    // It may have died already (while the SES emulator was still starting, say), before anyone listened.
    if (d.process.exitCode !== null || d.process.signalCode !== null) return void restart(d);
    d.process.once("exit", () => void (stopping || restart(d)));
  };
  supervise(dynamo);
  process.env.SES_ENDPOINT = ses.endpoint;
  process.env.DYNAMO_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = TABLE;
  raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(raw, TABLE);
  Store.configure({ table: TABLE, endpoint: dynamo.endpoint });
  // The send worker runs in-process on the local queue; first start launches the demo survey.
  sending = startSending();
  state.dynamodb = "ok";
  state.ses = "ok";

  const result = await Log.withRequest(undefined, () => seed());
  await Log.withRequest(undefined, () => afterSeed(result.seeded));
  state.seed = "ok";
  if (process.env.JOBS !== "off") scheduler = startScheduler(Object.values(jobs));
  state.jobs = "ok";

  Object.assign(links, {
    "Demo survey": `${base}/p/demo`,
    "Mail viewer": ses.endpoint,
    "SMS outbox": `${base}/dev/sms`,
    "Health": `${base}/health`,
  });
  say("");
  say(`School feedback is running${result.seeded ? ` (seeded the demo with ${result.responses} responses)` : ""}.`);
  say(`App: ${base}/`);
  say(`Demo survey: ${base}/p/demo`);
  say(`Mail viewer (SES emulator): ${ses.endpoint}`);
  say(`SMS outbox: ${base}/dev/sms`);
  say(`DynamoDB Local: ${dynamo.endpoint}`);
  say(`Health: ${base}/health`);
  say(await demoSignInLink(base));
  say(`Data: ${DATA_DIR}`);
  say("Press Ctrl-C to stop.");
}

main().catch((err) => {
  process.stderr.write(`Could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
