// `npm start`'s first run launches the demo survey to 20 new demo families: right after start, the
// SES emulator holds real invitation emails (HTML and text, with one-click unsubscribe headers and a
// personal link), /dev/sms.json lists real texts with short links, and the links open the form in each
// family's language.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort } from "../src/local/components";

const root = join(__dirname, "../../..");
const data = mkdtempSync(join(tmpdir(), "feedback-demo-"));
afterAll(() => rmSync(data, { recursive: true, force: true }));

type Email = { subject: string; destination: { to: string[] }; body: { html?: string; text?: string }; headers?: { name: string; value: string }[] };

it("shows real invitations by email and SMS within seconds of the first start, opening in each family's language", { timeout: 180_000 }, async () => {
  const port = await freePort();
  const { PUBLIC_URL: _, TABLE_NAME: __, DYNAMO_ENDPOINT: ___, SES_ENDPOINT: ____, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
    cwd: root,
    env: { ...env, PORT: String(port), DATA_DIR: data, JOBS: "off", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 150_000;
    while ((await fetch(`${base}/health`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the stack did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const mail = /^Mail viewer.*: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)![1]!;
    expect(out).toMatch(new RegExp(`^SMS outbox: ${base}/dev/sms$`, "m"));

    // Sending runs in the background; give it the ~20 seconds the demo promises, at most.
    let emails: Email[] = [];
    let texts: { text: string; link?: string }[] = [];
    const until = Date.now() + 20_000;
    do {
      await new Promise((r) => setTimeout(r, 250));
      emails = ((await (await fetch(`${mail}/store`)).json()) as { emails: Email[] }).emails.filter((e) => /\/s\/[A-Za-z0-9_-]{22}/.test(e.body.text ?? ""));
      texts = ((await (await fetch(`${base}/dev/sms.json`)).json()) as { messages: { text: string; link?: string }[] }).messages.filter((m) => m.link);
    } while ((emails.length < 10 || texts.length < 10) && Date.now() < until);

    expect(emails.length).toBeGreaterThanOrEqual(5);
    for (const e of emails) {
      expect(e.body.html).toBeTruthy();
      const names = (e.headers ?? []).map((h) => h.name);
      expect(names).toEqual(expect.arrayContaining(["List-Unsubscribe", "List-Unsubscribe-Post"]));
      expect(e.body.text).toMatch(new RegExp(`${base.replace(/\./g, "\\.")}/s/[A-Za-z0-9_-]{22}`));
    }
    expect(texts.length).toBeGreaterThanOrEqual(5);
    for (const t of texts) {
      expect(t.text).toContain(t.link);
      expect(t.link!.length).toBeLessThanOrEqual(60);
    }
    const links = [...emails.map((e) => /http\S+\/s\/[A-Za-z0-9_-]{22}/.exec(e.body.text!)![0]), ...texts.map((t) => t.link!)];
    const langs = new Set<string>();
    for (const link of links) {
      const html = await (await fetch(link)).text();
      langs.add(/<html lang="([^"]+)"/.exec(html)![1]!);
    }
    expect(langs.size).toBeGreaterThanOrEqual(3);
    expect([...langs]).toEqual(expect.arrayContaining(["es", "vi", "ar", "zh-Hans"]));
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGINT");
    });
  }
});
