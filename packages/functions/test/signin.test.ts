// Coordinator sign-in through the API, with codes read from the SES emulator's store: the code and
// the link each sign in once, for 10 minutes, with at most 5 attempts; the answer to "start" never
// says whether an address has an account; everything is rate-limited; nothing secret is stored plainly.
import { describe, expect, it, vi } from "vitest";
import { randomBytes } from "node:crypto";
import { Clock } from "@feedback/core/clock";
import { Coordinator } from "@feedback/core/coordinator";
import { Organisation } from "@feedback/core/organisation";
import { Store } from "@feedback/core/store";
import { hash } from "@feedback/core/util";
import { api } from "../src/api/app";
import { emailsTo } from "../../../test/ses";
import { apiClient } from "./support/api";
import { system } from "./support/fixtures";

const unique = () => randomBytes(4).toString("hex");
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

async function coordinator(opts: { email?: string; orgName?: string; role?: "admin" | "coordinator" } = {}) {
  return system(async () => {
    const org = await Organisation.create({ name: opts.orgName ?? "Test District" });
    const email = opts.email ?? `signin.${unique()}@example.org`;
    const info = await Coordinator.create({ orgId: org.id, email, name: "Rosa Díaz", role: opts.role ?? "coordinator", siteIds: [] });
    return { org, email, info };
  });
}

/** The newest sign-in email to the address: its code and link. */
async function lastSignIn(address: string) {
  const mails = await emailsTo(address);
  const mail = mails.at(-1);
  if (!mail) return undefined;
  const code = /\b(\d{6})\b/.exec(mail.body.text ?? "")?.[1];
  const link = /(http\S+\/api\/auth\/link\?token=[A-Za-z0-9_-]+)/.exec(mail.body.text ?? "")?.[1];
  return { mail, code: code!, link: link!, count: mails.length };
}

describe("sign-in by emailed code", () => {
  it("emails a code and a link, and the code signs in with an HttpOnly SameSite=Strict session cookie", async () => {
    const { email, info } = await coordinator();
    const browser = apiClient(api, { ip: ip() });
    const started = await browser.post("/api/auth/start", { email: email.toUpperCase() });
    expect(started.status).toBe(202);
    const sent = await lastSignIn(email);
    expect(sent?.code).toMatch(/^\d{6}$/);
    expect(sent?.link).toMatch(/^http:\/\/127\.0\.0\.1\/api\/auth\/link\?token=[A-Za-z0-9_-]{22}$/);
    expect(sent!.mail.subject).toContain(sent!.code);

    const verified = await browser.post("/api/auth/verify", { email, code: sent!.code });
    expect(verified.status).toBe(200);
    expect(verified.body.result).toEqual({ coordinatorId: info.id, orgId: info.orgId, role: "coordinator" });
    const cookie = verified.headers.getSetCookie().find((c) => c.startsWith("sid="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // plain http (the local stack); see the HTTPS test below

    const me = await browser.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.body.result).toMatchObject({ coordinatorId: info.id, orgId: info.orgId, email, name: "Rosa Díaz" });
  });

  it("marks the cookie Secure over HTTPS", async () => {
    const { email } = await coordinator();
    const browser = apiClient(api, { ip: ip(), base: "https://console.example.org" });
    await browser.post("/api/auth/start", { email });
    const { code } = (await lastSignIn(email))!;
    const verified = await browser.post("/api/auth/verify", { email, code });
    expect(verified.status).toBe(200);
    expect(verified.headers.getSetCookie().find((c) => c.startsWith("sid="))).toMatch(/;\s*Secure/i);
  });

  it("links to the console's configured origin, and never to one a request names for itself", async () => {
    const { email } = await coordinator();
    vi.stubEnv("CONSOLE_ORIGIN", "https://console.example.org");
    try {
      // In AWS the console (CloudFront) and the API (API Gateway) have different origins.
      const browser = apiClient(api, { ip: ip(), base: "https://api.example.org", origin: "https://console.example.org" });
      expect((await browser.post("/api/auth/start", { email })).status).toBe(202);
      expect((await lastSignIn(email))!.link).toMatch(/^https:\/\/console\.example\.org\/api\/auth\/link\?token=/);
      // Not a browser: any Origin and forwarding headers it likes. Refused, and nothing is sent.
      const before = (await lastSignIn(email))!.count;
      const forged = apiClient(api, { ip: ip(), base: "https://api.example.org", origin: "https://evil.example", headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
      const res = await forged.post("/api/auth/start", { email });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("auth.bad_origin");
      expect((await lastSignIn(email))!.count).toBe(before);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("answers an unknown address exactly like a known one, and sends nothing", async () => {
    const { email } = await coordinator();
    const stranger = `nobody.${unique()}@example.org`;
    const a = await apiClient(api, { ip: ip() }).post("/api/auth/start", { email });
    const b = await apiClient(api, { ip: ip() }).post("/api/auth/start", { email: stranger });
    expect(b.status).toBe(a.status);
    expect(b.body).toEqual(a.body);
    expect(await emailsTo(stranger)).toEqual([]);
    // And a code for it signs nobody in.
    const tried = await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email: stranger, code: "123456" });
    expect(tried.status).toBe(401);
  });

  it("lets a code sign in only once", async () => {
    const { email } = await coordinator();
    const browser = apiClient(api, { ip: ip() });
    await browser.post("/api/auth/start", { email });
    const { code } = (await lastSignIn(email))!;
    expect((await browser.post("/api/auth/verify", { email, code })).status).toBe(200);
    const again = await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email, code });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("signin.invalid_code");
  });

  it("refuses a code after 10 minutes", async () => {
    const { email } = await coordinator();
    await apiClient(api, { ip: ip() }).post("/api/auth/start", { email });
    const { code } = (await lastSignIn(email))!;
    const restore = Clock.set(new Date(Date.now() + 10 * 60_000 + 1000));
    try {
      const late = await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email, code });
      expect(late.status).toBe(401);
    } finally {
      restore();
    }
  });

  it("allows 5 attempts: after 5 wrong codes even the right one is refused", async () => {
    const { email } = await coordinator();
    const browser = apiClient(api, { ip: ip() });
    await browser.post("/api/auth/start", { email });
    const { code } = (await lastSignIn(email))!;
    const wrong = code === "000000" ? "000001" : "000000";
    const answers = await Promise.all(Array.from({ length: 5 }, () => browser.post("/api/auth/verify", { email, code: wrong })));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    const right = await browser.post("/api/auth/verify", { email, code });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe("signin.too_many_attempts");
    expect(browser.jar.has("sid")).toBe(false);
  });

  it("only the newest code works", async () => {
    const { email } = await coordinator();
    const browser = apiClient(api, { ip: ip() });
    await browser.post("/api/auth/start", { email });
    const first = (await lastSignIn(email))!;
    await browser.post("/api/auth/start", { email });
    const second = (await lastSignIn(email))!;
    expect(second.count).toBe(first.count + 1);
    if (first.code !== second.code) expect((await browser.post("/api/auth/verify", { email, code: first.code })).status).toBe(401);
    expect((await browser.post("/api/auth/verify", { email, code: second.code })).status).toBe(200);
  });

  it("stores neither the code nor the link token, only keyed hashes", async () => {
    const { email } = await coordinator();
    await apiClient(api, { ip: ip() }).post("/api/auth/start", { email });
    const { code, link } = (await lastSignIn(email))!;
    const token = new URL(link).searchParams.get("token")!;
    const challenge = await Store.get({ pk: `SIGNIN#${hash(email)}`, sk: "SIGNIN" });
    const linkItem = await Store.get({ pk: `SIGNINLINK#${hash(token)}`, sk: "SIGNINLINK" });
    expect(challenge).toBeDefined();
    expect(linkItem).toBeDefined();
    const stored = JSON.stringify([challenge, linkItem]);
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(hash(code)); // not a bare SHA-256 either: 10^6 codes would reverse it
    expect(Number(challenge!.expiresAt)).toBeLessThanOrEqual(Clock.epochSeconds() + 600);
  });

  it("rate-limits sign-in emails per address (429 after 5 in 15 minutes)", async () => {
    const { email } = await coordinator();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await apiClient(api, { ip: ip() }).post("/api/auth/start", { email })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect((await emailsTo(email)).length).toBe(5);
  });

  it("rate-limits sign-in per IP address, across addresses", async () => {
    const from = "203.0.113.77";
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await apiClient(api, { ip: from }).post("/api/auth/start", { email: `probe.${i}.${unique()}@example.org` })).status);
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
    const guesses: number[] = [];
    for (let i = 0; i < 31; i++) guesses.push((await apiClient(api, { ip: "203.0.113.78" }).post("/api/auth/verify", { email: `probe.${i}@example.org`, code: "123456" })).status);
    expect(guesses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(guesses[30]).toBe(429);
  });

  it("refuses a malformed address or code with 400 and says which field", async () => {
    const bad = await apiClient(api, { ip: ip() }).post("/api/auth/start", { email: "maria@" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^email/);
    const badCode = await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email: "a@example.org", code: "12" });
    expect(badCode.status).toBe(400);
  });

  it("refuses sign-in requests from another origin (CSRF)", async () => {
    const res = await apiClient(api, { ip: ip(), origin: "https://evil.example" }).post("/api/auth/start", { email: "a@example.org" });
    expect(res.status).toBe(403);
  });
});

describe("sign-in by emailed link", () => {
  it("sets the session and opens the console; the link works once", async () => {
    const { email, info } = await coordinator();
    await apiClient(api, { ip: ip() }).post("/api/auth/start", { email });
    const { link } = (await lastSignIn(email))!;
    const path = new URL(link).pathname + new URL(link).search;
    const browser = apiClient(api, { ip: ip() });
    const opened = await browser.get(path);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/");
    expect((await browser.get("/api/me")).body.result.coordinatorId).toBe(info.id);

    const reused = apiClient(api, { ip: ip() });
    const again = await reused.get(path);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/?signin=signin.invalid_link");
    expect(reused.jar.has("sid")).toBe(false);
  });

  it("using the code also retires the link", async () => {
    const { email } = await coordinator();
    const browser = apiClient(api, { ip: ip() });
    await browser.post("/api/auth/start", { email });
    const { code, link } = (await lastSignIn(email))!;
    await browser.post("/api/auth/verify", { email, code });
    const other = apiClient(api, { ip: ip() });
    const opened = await other.get(new URL(link).pathname + new URL(link).search);
    expect(opened.headers.get("location")).toBe("/?signin=signin.invalid_link");
  });

  it("treats a garbage token like an expired link", async () => {
    const res = await apiClient(api, { ip: ip() }).get("/api/auth/link?token=%3Cscript%3E");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/?signin=signin.invalid_link");
  });
});

describe("sessions after sign-in", () => {
  it("sign-out ends the session server-side and clears the cookie", async () => {
    const { email } = await coordinator();
    const browser = apiClient(api, { ip: ip() });
    await browser.post("/api/auth/start", { email });
    await browser.post("/api/auth/verify", { email, code: (await lastSignIn(email))!.code });
    const stolen = `sid=${browser.jar.get("sid")}`;
    const out = await browser.post("/api/auth/signout");
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().find((c) => c.startsWith("sid="))).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await browser.get("/api/me")).status).toBe(401);
    // The old cookie value is dead too, not just forgotten by this browser.
    expect((await api.request("/api/me", { headers: { cookie: stolen } })).status).toBe(401);
  });

  it("a person coordinating in two organisations signs into the first and can switch to the other", async () => {
    const email = `two.orgs.${unique()}@example.org`;
    const a = await coordinator({ email, orgName: "District A" });
    const b = await coordinator({ email, orgName: "District B", role: "admin" });
    const [first, second] = [a, b].sort((x, y) => (x.org.id < y.org.id ? -1 : 1));
    const browser = apiClient(api, { ip: ip() });
    await browser.post("/api/auth/start", { email });
    const mails = await emailsTo(email);
    expect(mails.length).toBe(1); // one email, not one per organisation
    await browser.post("/api/auth/verify", { email, code: (await lastSignIn(email))!.code });
    const me = (await browser.get("/api/me")).body.result;
    expect(me.orgId).toBe(first!.org.id);
    expect(me.organisations.map((o: { orgId: string }) => o.orgId)).toEqual([first!.org.id, second!.org.id]);

    const switched = await browser.post("/api/auth/switch", { orgId: second!.org.id });
    expect(switched.status).toBe(200);
    expect((await browser.get("/api/me")).body.result).toMatchObject({ orgId: second!.org.id, role: second!.info.role });

    // Not to an organisation they do not belong to.
    const other = await coordinator();
    expect((await browser.post("/api/auth/switch", { orgId: other.org.id })).status).toBe(404);
  });
});
