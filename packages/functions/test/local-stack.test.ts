// `npm start` as a newcomer runs it: a real process, its printed URLs, /health going from 503 to 200,
// the demo survey at /p/demo, Ctrl-C stopping everything, and a restart keeping the data.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../src/local/components";

const root = join(__dirname, "../../..");
const data = mkdtempSync(join(tmpdir(), "feedback-stack-"));
afterAll(() => rmSync(data, { recursive: true, force: true }));

function start(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: data, JOBS: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

async function waitFor(url: string, status: number, child: ChildProcess, timeoutMs = 90_000) {
  const seen: number[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`stack exited with ${child.exitCode}`);
    const code = await fetch(url).then((r) => r.status, () => 0);
    seen.push(code);
    if (code === status) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered ${status}; saw ${[...new Set(seen)]}`);
}

function stop(child: ChildProcess) {
  return new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGINT");
  });
}

describe("npm start", () => {
  it("starts the whole stack, serves the demo survey, stops on Ctrl-C and keeps its data across a restart", { timeout: 180_000 }, async () => {
    const port = await freePort();
    const first = start(port);
    const seen = await waitFor(`http://127.0.0.1:${port}/health`, 200, first.child);
    // Before everything is ready, /health says so with 503 (or the port is not open yet).
    expect(seen.some((s) => s === 503 || s === 0)).toBe(true);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toEqual({ status: "ok", components: { dynamodb: "ok", ses: "ok", seed: "ok", jobs: "ok" } });

    const page = await fetch(`http://127.0.0.1:${port}/p/demo`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("Family Partnership Survey");

    // URLs are printed one per line, labelled; the mail viewer answers.
    const out = first.output();
    expect(out).toMatch(new RegExp(`^Demo survey: http://127\\.0\\.0\\.1:${port}/p/demo$`, "m"));
    const mail = /^Mail viewer.*: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
    expect(mail).toBeDefined();
    expect((await fetch(mail!)).status).toBe(200);
    expect(out).toContain("seeded the demo with 72 responses");
    // The printed one-time link signs the demo coordinator in.
    const signInLink = /^Sign in as the demo coordinator.*: (http\S+)$/m.exec(out)?.[1];
    expect(signInLink).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/api/auth/link\\?token=`));
    const opened = await fetch(signInLink!, { redirect: "manual" });
    expect(opened.status).toBe(302);
    const session = opened.headers.getSetCookie()[0]!.split(";")[0]!;
    const me = await fetch(`http://127.0.0.1:${port}/api/me`, { headers: { cookie: session } });
    expect((await me.json()).result.email).toBe("coordinator@example.org");
    // The console (built by npm start when missing) is what the App URL serves, under its own policy.
    const app = await fetch(`http://127.0.0.1:${port}/`);
    expect(await app.text()).toContain('<div id="app"></div>');
    expect(app.headers.get("content-security-policy")).toContain("script-src 'self'");

    expect(await stop(first.child)).toBe(0);
    // Everything stopped: the port is free again and the mail viewer is gone.
    expect(await fetch(`http://127.0.0.1:${port}/health`).then(() => "up", () => "down")).toBe("down");
    expect(await fetch(mail!).then(() => "up", () => "down")).toBe("down");

    const second = start(port);
    await waitFor(`http://127.0.0.1:${port}/health`, 200, second.child);
    expect(second.output()).not.toContain("seeded the demo");
    expect((await fetch(`http://127.0.0.1:${port}/p/demo`)).status).toBe(200);
    expect(await stop(second.child)).toBe(0);
  });

  it("without Java, explains how to install it and exits non-zero", { timeout: 60_000 }, async () => {
    const port = await freePort();
    // A PATH with node but no java.
    const bin = mkdtempSync(join(tmpdir(), "feedback-nojava-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const run = start(port, { PATH: bin });
    const code = await new Promise<number | null>((resolve) => run.child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(run.output()).toMatch(/Java was not found/);
    expect(run.output()).toMatch(/apt-get install -y openjdk-17-jre-headless/);
  });
});
