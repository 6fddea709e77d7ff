// Hostile input against every API route. The routes come from the router's own registry
// (`operations(api)`), so a route added later is attacked too without touching this file. For each,
// fast-check sends random and adversarial path parameters (real ids of a real organisation among
// them), query strings, headers and bodies (random JSON, JSON shaped by the route's own zod schema
// with one value made hostile, the wrong content type, truncated JSON, bytes that are not UTF-8, JSON
// nested thousands deep, more than the body limit), mostly as a signed-in admin, sometimes anonymously
// or with a forged cookie. Whatever arrives: never a 5xx; an error answer is JSON with a code and a
// message; and an error changes nothing stored (see `snapshot` for the two things allowed to).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { Contact } from "@feedback/core/contact";
import { Coordinator } from "@feedback/core/coordinator";
import { Organisation } from "@feedback/core/organisation";
import { Partner } from "@feedback/core/partner";
import { Session } from "@feedback/core/session";
import { SignIn } from "@feedback/core/signin";
import { Site } from "@feedback/core/site";
import { Survey } from "@feedback/core/survey";
import { hash } from "@feedback/core/util";
import { api } from "../src/api/app";
import { operations, type Operation } from "../src/api/spec";
import { demoContent } from "../src/local/demo-survey";
import { system } from "./support/fixtures";
import { changes, deeplyNested, freshTable, fromSchema, hostileValue, jsonSchemaOf, mutate, snapshot, text, wellFormed, type Known } from "./support/hostile";
import { localSending } from "./support/sending";

const ops = operations(api);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 20);
const ORIGIN = "http://127.0.0.1";

/** One organisation with something of every kind, and an admin's session in it. */
type World = { orgId: string; token: string; ids: string[]; byKind: Record<string, string[]>; known: Known };

async function world(): Promise<World> {
  return system(async () => {
    const org = await Organisation.create({ name: "Hostile District" });
    const other = await Organisation.create({ name: "Elsewhere" });
    const tag = Math.random().toString(36).slice(2, 8);
    const adminEmail = `admin.${tag}@example.org`;
    const admin = await Coordinator.create({ orgId: org.id, email: adminEmail, name: "Admin", role: "admin", siteIds: [] });
    const colleague = await Coordinator.create({ orgId: org.id, email: `colleague.${tag}@example.org`, name: "Colleague", role: "coordinator", siteIds: [] });
    const partnerBody = { orgId: org.id, name: "Partner", kind: "nonprofit" as const, contactEmails: [`partner.${tag}@example.org`], language: "en", agreement: { start: "2026-01-01", end: "2030-01-01" } };
    const [partner, partner2] = [await Partner.create(partnerBody), await Partner.create({ ...partnerBody, name: "Second" })];
    const draft = await Survey.create({ orgId: org.id, content: demoContent, dimensions: ["site", "language"] });
    const open = await Survey.create({ orgId: org.id, content: demoContent, partnerIds: [partner.id] });
    await Survey.transition({ orgId: org.id, id: open.id, to: "open" });
    await Partner.setShared({ orgId: org.id, id: partner.id, surveyIds: [open.id] });
    const site = await Site.create({ orgId: org.id, name: "Maple Grove", code: "MG" });
    const contacts = await Promise.all(
      ["a", "b"].map((n) => Contact.create({ orgId: org.id, name: `Family ${n}`, email: `family.${n}.${tag}@example.org`, language: "en" })),
    );
    const elsewhere = await Survey.create({ orgId: other.id, content: demoContent });
    // A live sign-in challenge for the admin's address, so that guessed codes meet a real one.
    await SignIn.issue(adminEmail);
    const { token } = await Session.create(admin);
    const ids = [org.id, admin.id, colleague.id, partner.id, partner2.id, draft.id, open.id, site.id, ...contacts.map((c) => c.id), other.id, elsewhere.id];
    const emails = [adminEmail, colleague.email, ...contacts.map((c) => c.email!), ...partnerBody.contactEmails];
    // What a path parameter names, by the path segment before it (or its own name): mostly the right kind.
    const byKind = {
      surveys: [draft.id, open.id, elsewhere.id],
      partners: [partner.id, partner2.id],
      partnerId: [partner.id, partner2.id],
      coordinators: [admin.id, colleague.id],
      contacts: contacts.map((c) => c.id),
    };
    // Whole values that pass validation, so that a mutated copy fails (or passes) deep inside.
    const props = {
      content: [demoContent],
      agreement: [partnerBody.agreement],
      surveyIds: [[open.id], [draft.id, open.id]],
      partnerIds: [[partner.id]],
      siteIds: [[site.id]],
    };
    return { orgId: org.id, token, ids, byKind, known: { ids, emails, props } };
  });
}

/**
 * A random call may legitimately end or weaken the admin's session (sign out, switch organisation,
 * which ends the old session); the next call then gets a fresh admin session, so that later runs
 * still reach past the session gate.
 */
async function ensureAdmin(w: World) {
  const actor = await Session.read(w.token);
  if (actor?.type === "coordinator" && actor.role === "admin") return;
  await system(async () => {
    const admin = (await Coordinator.list(w.orgId)).find((c) => c.role === "admin") ??
      (await Coordinator.create({ orgId: w.orgId, email: `admin.${Math.random().toString(36).slice(2)}@example.org`, name: "Admin", role: "admin", siteIds: [] }));
    w.token = (await Session.create(admin)).token;
  });
}

type Body = { label: string; type?: string; body?: string | Uint8Array };

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
/** Byte sequences that are not UTF-8: a stray continuation, an overlong encoding, a lone surrogate, a cut sequence. */
const badUtf8 = fc.constantFrom([0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xfe, 0xff]).map((b) => new Uint8Array(b));

function bodies(op: Operation, known: Known): fc.Arbitrary<Body> {
  const schema = op.json ? jsonSchemaOf(op.json) : undefined;
  const valid = schema ? fromSchema(schema, known) : fc.jsonValue({ maxDepth: 2 });
  const json = (label: string) => (v: unknown): Body => ({ label, type: "application/json", body: JSON.stringify(v) });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Body>({ label: "no body" }) },
    { weight: 3, arbitrary: valid.map(json("schema-shaped")) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.nat(), hostileValue, fc.option(fc.constantFrom("__proto__", "constructor", "orgId", "id", "role", "$where"), { nil: undefined }))
        .map(([v, n, h, extra]) => json("one value hostile")(mutate(v, n, h, extra))),
    },
    { weight: 2, arbitrary: fc.jsonValue().map(json("random JSON")) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.nat()).map(([v, n]) => { const s = JSON.stringify(v) ?? ""; return { label: "truncated JSON", type: "application/json", body: s.slice(0, n % Math.max(s.length, 1)) }; }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-16", "application/merge-patch+json", "APPLICATION/JSON", ""))
        .map(([v, type]): Body => ({ label: `as ${type || "no content type"}`, type: type || undefined, body: JSON.stringify(v) })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, badUtf8, fc.nat()).map(([v, bad, n]): Body => {
        const s = utf8(JSON.stringify(v) ?? "null");
        const at = n % (s.length + 1);
        return { label: "not UTF-8", type: "application/json", body: concat(s.subarray(0, at), bad, s.subarray(at)) };
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom(100, 5_000, 50_000).map((d): Body => ({ label: `nested ${d} deep`, type: "application/json", body: deeplyNested(d) })) },
    { weight: 1, arbitrary: fc.constantFrom(100, 5_000, 50_000).map((d): Body => ({ label: `arrays nested ${d} deep`, type: "application/json", body: deeplyNested(d, "[", "]") })) },
    { weight: 1, arbitrary: fc.constant<Body>({ label: "over the body limit", type: "application/json", body: JSON.stringify({ name: "z".repeat(1_100_000) }) }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b): Body => ({ label: "random bytes", type: "application/json", body: b })) },
  );
}

const realOrRandomId = (w: World, kind: string[] | undefined) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(kind ?? w.ids)) },
    { weight: 1, arbitrary: fc.constantFrom(...w.ids) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{2,4}_[0-9A-Za-z_-]{1,40}$/) },
    { weight: 2, arbitrary: text.map((s) => encodeURIComponent(wellFormed(s))) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%E0%A4%A", "..", "%2e%2e%2f", "a%00b", "%252e", "srv_%0d%0a", "x".repeat(5000)) },
  );

function queries(op: Operation, known: Known) {
  const declared = op.query ? fromSchema(jsonSchemaOf(op.query), known) : fc.constant({});
  const extra = fc.option(fc.array(fc.tuple(fc.oneof(text, fc.constantFrom("token", "mapping", "dryRun", "version", "limit", "__proto__")), text), { maxLength: 3 }), { nil: [], freq: 2 });
  return fc.tuple(declared, extra, fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom("%zz", "a=%E0%A4%A", "&&==&", "limit=1&limit=2", "version=1e400", "q[]=1") },
  )).map(([d, e, raw]) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(d as Record<string, unknown>)) params.append(k, String(v));
    for (const [k, v] of e) params.append(wellFormed(k), wellFormed(v));
    return [params.toString(), raw].filter(Boolean).join("&");
  });
}

/** Header values as a browser or proxy can send them (bytes 0x20–0x7e). */
const headerText = text.map((s) => s.replace(/[^\x20-\x7e]/g, ""));

type Hdrs = { cookie: string; origin?: string; extra: Record<string, string>; ip: string };

function headers(op: Operation): fc.Arbitrary<Hdrs> {
  const cookie = fc.oneof(
    { weight: op.doc?.access === "public" ? 3 : 7, arbitrary: fc.constant<"admin">("admin") },
    { weight: op.doc?.access === "public" ? 3 : 1, arbitrary: fc.constant<"none">("none") },
    { weight: 1, arbitrary: fc.constantFrom("forged", "stored hash", "two cookies", "garbage") },
  );
  return fc.record({
    cookie,
    origin: fc.oneof({ weight: 8, arbitrary: fc.constant(ORIGIN) }, { weight: 2, arbitrary: fc.constantFrom(undefined, "null", "https://evil.example", "http://127.0.0.1.evil.example", "HTTP://127.0.0.1") }),
    extra: fc.record({ "accept-language": headerText, "x-forwarded-host": headerText, "x-forwarded-proto": fc.constantFrom("https", "http", "gopher") }, { requiredKeys: [] }),
    ip: fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.18.${a}.${b}`),
  });
}

function cookieHeader(w: World, kind: string, forged: string): string | undefined {
  switch (kind) {
    case "admin":
      return `sid=${w.token}`;
    case "forged":
      return `sid=${forged}`;
    // The value the table keys the session by: knowing it (a leaked table) must not sign anyone in.
    case "stored hash":
      return `sid=${hash(w.token)}`;
    case "two cookies":
      return `sid=${forged}; sid=${w.token}`;
    case "garbage":
      return `sid=${forged}%00; =; ;;sid`;
    default:
      return undefined;
  }
}

/** The statuses each route answered, so the last test can tell that the attacks got past the gates. */
const seen = new Map<string, Set<number>>();

async function call(w: World, op: Operation, input: { params: string[]; query: string; body: Body; headers: Hdrs; forged: string }) {
  let i = 0;
  const path = op.path.replace(/:[A-Za-z0-9_]+/g, () => input.params[i++] ?? "x");
  const h: Record<string, string> = { ...input.headers.extra };
  const cookie = cookieHeader(w, input.headers.cookie, input.forged);
  if (cookie) h.cookie = cookie;
  if (input.headers.origin) h.origin = input.headers.origin;
  const withBody = op.method !== "GET" && op.method !== "HEAD" && input.body.body !== undefined;
  if (withBody && input.body.type) h["content-type"] = input.body.type;
  return api.request(
    `${ORIGIN}${path}${input.query ? `?${input.query}` : ""}`,
    { method: op.method, headers: h, body: withBody ? (input.body.body as BodyInit) : undefined },
    { incoming: { socket: { remoteAddress: input.headers.ip } } },
  );
}

/** A refused sign-in link is a redirect to the sign-in screen with the reason, not a 4xx. */
const refused = (res: Response) => res.status >= 400 || (res.status === 302 && /[?&]signin=/.test(res.headers.get("location") ?? ""));

beforeAll(() => {
  // Launching queues invitations: into the in-process queue, as locally (never drained here).
  localSending();
});

describe("hostile input to every API route", () => {
  it("covers the whole registry (at least 40 routes, each declared)", () => {
    expect(ops.length).toBeGreaterThanOrEqual(40);
    expect(ops.filter((o) => !o.doc).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  for (const op of ops) {
    // Each parameter with the path segment before it: "surveys" for /surveys/:id.
    const names = [...op.path.matchAll(/([^/]*)\/:([A-Za-z0-9_]+)/g)].map((m) => ({ segment: m[1]!, name: m[2]! }));
    const route = `${op.method} ${op.path}`;
    it(`${route}: never 5xx, errors are JSON and change nothing`, { timeout: 60_000 }, async () => {
      const table = await freshTable();
      try {
        const w = await world();
        const statuses = new Set<number>();
        seen.set(route, statuses);
        let cached: string | undefined;
        await fc.assert(
          fc.asyncProperty(
            fc.tuple(...names.map((n) => realOrRandomId(w, n.name === "id" ? w.byKind[n.segment] : w.byKind[n.name]))),
            queries(op, w.known),
            op.method === "GET" ? fc.constant<Body>({ label: "none" }) : bodies(op, w.known),
            headers(op),
            fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
            async (params, query, body, hdrs, forged) => {
              await ensureAdmin(w);
              const before = cached ?? (await snapshot());
              cached = undefined;
              const res = await call(w, op, { params, query, body, headers: hdrs, forged });
              const answer = await res.text();
              statuses.add(res.status);
              const at = `${route} [${params.join(", ")}] ?${query.slice(0, 200)} body: ${body.label}, cookie: ${hdrs.cookie}, origin: ${hdrs.origin} → ${res.status} ${answer.slice(0, 300)}`;
              expect(res.status, at).toBeLessThan(500);
              if (res.status >= 400) {
                expect(res.headers.get("content-type"), at).toMatch(/^application\/json/);
                const { error } = JSON.parse(answer);
                expect(error.code, at).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
                expect(error.message, at).toMatch(/\w/);
              } else if (res.status < 300 && op.doc?.response && /json/.test(res.headers.get("content-type") ?? "")) {
                const parsed = z.safeParse(op.doc.response, JSON.parse(answer).result);
                expect(parsed.success, `${at}: ${parsed.error?.message}`).toBe(true);
              }
              if (refused(res)) {
                const after = await snapshot();
                expect(changes(before, after), at).toEqual({ removed: [], added: [] });
                cached = after;
              }
            },
          ),
          { numRuns: RUNS },
        );
      } finally {
        await table.done();
      }
    });
  }

  it("got past the gates: routes that take input refused some as invalid, and most routes also did their work", () => {
    expect(seen.size).toBe(ops.length);
    const takingInput = ops.filter((o) => o.json || o.query || o.path.includes(":")).map((o) => `${o.method} ${o.path}`);
    const neverInvalid = takingInput.filter((r) => !seen.get(r)?.has(400));
    const neverSucceeded = [...seen].filter(([, s]) => ![...s].some((x) => x >= 200 && x < 300)).map(([r]) => r);
    expect(neverInvalid.length, `routes never answering 400: ${neverInvalid.join(", ")}`).toBeLessThanOrEqual(2);
    expect(neverSucceeded.length, `routes that never succeeded: ${neverSucceeded.join(", ")}`).toBeLessThanOrEqual(ops.length / 2);
  });
});
