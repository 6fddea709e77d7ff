// The authorisation matrix: every route the API mounts × {anonymous, a coordinator (admin) of another
// organisation, a coordinator, an admin} → the expected status. The routes come from the router itself
// (`operations(api)`), so a route added without a rule here, or without its `describe()` declaration,
// fails this test instead of going unchecked. Each answer is also checked against what the route
// declares: its access, and for a success its response schema. Another organisation's resources are
// always "not found" (never "forbidden", so ids cannot be probed), and another organisation's lists
// never contain this organisation's data.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { Contact } from "@feedback/core/contact";
import { Coordinator } from "@feedback/core/coordinator";
import { Organisation } from "@feedback/core/organisation";
import { Partner } from "@feedback/core/partner";
import { SignIn } from "@feedback/core/signin";
import { Site } from "@feedback/core/site";
import { Survey } from "@feedback/core/survey";
import { api } from "../src/api/app";
import { operations, type Operation } from "../src/api/spec";
import { demoContent } from "../src/local/demo-survey";
import { system } from "./support/fixtures";
import { localSending } from "./support/sending";
import { signedIn } from "./support/session";

type Who = "anonymous" | "otherOrg" | "coordinator" | "admin";
const WHO: Who[] = ["anonymous", "otherOrg", "coordinator", "admin"];
type Expect = Record<Who, number>;
type Call = { path: string; body?: unknown; raw?: { type: string; body: string } };
type Fixtures = { orgId: string; otherOrgId: string; surveyId: string; openSurveyId: string; partnerId: string; ids: string[] };
type Rule = { request: (fx: Fixtures) => Promise<Call> | Call; expect: Expect };

/** Anyone may call it, with the same answer. */
const anyone = (status: number): Expect => ({ anonymous: status, otherOrg: status, coordinator: status, admin: status });
/** Signed in; the organisation comes from the session (another organisation sees its own data). */
const signedInOnly = (status: number): Expect => ({ anonymous: 401, otherOrg: status, coordinator: status, admin: status });
/** A resource of this organisation named in the path: another organisation's coordinator gets 404. */
const owned = (status: number): Expect => ({ anonymous: 401, otherOrg: 404, coordinator: status, admin: status });
/** Admins only. `otherOrg` is an admin elsewhere: 404 for this organisation's resources, or their own org's answer. */
const adminOnly = (status: number, otherOrg = 404): Expect => ({ anonymous: 401, otherOrg, coordinator: 403, admin: status });

const unique = () => randomBytes(4).toString("hex");
const content = Survey.Content.parse({
  defaultLanguage: "en",
  languages: ["en", "es"],
  title: { en: "Matrix", es: "Matriz" },
  questions: [{ id: "q", type: "single_choice", required: true, text: { en: "Q?", es: "¿Q?" }, options: [{ id: "a", text: { en: "A", es: "A" } }, { id: "b", text: { en: "B", es: "B" } }] }],
});
const partnerBody = { name: "P", kind: "nonprofit", contactEmails: ["p@example.org"], language: "en", agreement: { start: "2026-01-01", end: "2027-01-01" } };
const newSurvey = (orgId: string) => system(() => Survey.create({ orgId, content }));
const issue = async () => {
  const org = await system(() => Organisation.create({ name: "Sign-in" }));
  const email = `matrix.${unique()}@example.org`;
  await system(() => Coordinator.create({ orgId: org.id, email, name: "M", role: "coordinator", siteIds: [] }));
  return { email, ...(await system(() => SignIn.issue(email))) };
};

/** The rule for every route, keyed "METHOD /path" as the router has it. */
const rules: Record<string, Rule> = {
  "GET /api/openapi.json": { request: () => ({ path: "/api/openapi.json" }), expect: anyone(200) },
  "POST /api/auth/start": { request: () => ({ path: "/api/auth/start", body: { email: `x.${unique()}@example.org` } }), expect: anyone(202) },
  "POST /api/auth/verify": {
    request: async () => {
      const { email, code } = await issue();
      return { path: "/api/auth/verify", body: { email, code } };
    },
    expect: anyone(200),
  },
  "GET /api/auth/link": { request: async () => ({ path: `/api/auth/link?token=${(await issue()).token}` }), expect: anyone(302) },
  "POST /api/auth/signout": { request: () => ({ path: "/api/auth/signout", body: {} }), expect: anyone(204) },
  "GET /api/me": { request: () => ({ path: "/api/me" }), expect: signedInOnly(200) },
  // Switching into this organisation: its own coordinators may (a no-op switch); an outsider is not a member.
  "POST /api/auth/switch": { request: (fx) => ({ path: "/api/auth/switch", body: { orgId: fx.orgId } }), expect: owned(200) },

  "GET /api/organisation": { request: () => ({ path: "/api/organisation" }), expect: signedInOnly(200) },
  "PATCH /api/organisation": { request: () => ({ path: "/api/organisation", body: { privacyFloor: 11 } }), expect: adminOnly(200, 200) },
  "GET /api/sites": { request: () => ({ path: "/api/sites" }), expect: signedInOnly(200) },
  "POST /api/sites": { request: () => ({ path: "/api/sites", body: { name: `Site ${unique()}` } }), expect: adminOnly(201, 201) },
  "GET /api/coordinators": { request: () => ({ path: "/api/coordinators" }), expect: signedInOnly(200) },
  "POST /api/coordinators": { request: () => ({ path: "/api/coordinators", body: { email: `c.${unique()}@example.org`, name: "C", role: "coordinator" } }), expect: adminOnly(201, 201) },
  "PATCH /api/coordinators/:id": {
    request: async (fx) => {
      const c = await system(() => Coordinator.create({ orgId: fx.orgId, email: `p.${unique()}@example.org`, name: "P", role: "coordinator", siteIds: [] }));
      return { path: `/api/coordinators/${c.id}`, body: { name: "Renamed" } };
    },
    expect: adminOnly(200),
  },
  "DELETE /api/coordinators/:id": {
    request: async (fx) => {
      const c = await system(() => Coordinator.create({ orgId: fx.orgId, email: `d.${unique()}@example.org`, name: "D", role: "coordinator", siteIds: [] }));
      return { path: `/api/coordinators/${c.id}` };
    },
    expect: adminOnly(204),
  },

  "GET /api/partners": { request: () => ({ path: "/api/partners" }), expect: signedInOnly(200) },
  "POST /api/partners": { request: () => ({ path: "/api/partners", body: partnerBody }), expect: signedInOnly(201) },
  "GET /api/partners/:id": { request: (fx) => ({ path: `/api/partners/${fx.partnerId}` }), expect: owned(200) },
  "PATCH /api/partners/:id": { request: (fx) => ({ path: `/api/partners/${fx.partnerId}`, body: { language: "es" } }), expect: owned(200) },
  "DELETE /api/partners/:id": {
    request: async (fx) => ({ path: `/api/partners/${(await system(() => Partner.create({ ...partnerBody, orgId: fx.orgId } as never))).id}` }),
    expect: owned(204),
  },

  "GET /api/surveys": { request: () => ({ path: "/api/surveys" }), expect: signedInOnly(200) },
  "POST /api/surveys": { request: () => ({ path: "/api/surveys", body: { content } }), expect: signedInOnly(201) },
  "GET /api/surveys/:id": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}` }), expect: owned(200) },
  "PUT /api/surveys/:id/content": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/content`, body: { content } }), expect: owned(200) },
  "PATCH /api/surveys/:id/settings": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/settings`, body: { dimensions: ["site"] } }), expect: owned(200) },
  "POST /api/surveys/:id/transition": { request: async (fx) => ({ path: `/api/surveys/${(await newSurvey(fx.orgId)).id}/transition`, body: { to: "open" } }), expect: owned(200) },
  // A survey of its own for each call: erasing it is for good.
  "POST /api/surveys/:id/erase": { request: async (fx) => ({ path: `/api/surveys/${(await newSurvey(fx.orgId)).id}/erase`, body: {} }), expect: owned(200) },
  "GET /api/surveys/:id/readiness": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/readiness` }), expect: owned(200) },
  "POST /api/surveys/:id/preview": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/preview`, body: { lang: "es" } }), expect: owned(200) },

  "GET /api/surveys/:id/rates": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/rates` }), expect: owned(200) },
  "GET /api/surveys/:id/results": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/results` }), expect: owned(200) },
  "GET /api/surveys/:id/results/partners": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/results/partners` }), expect: owned(200) },
  "GET /api/surveys/:id/responses": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/responses` }), expect: owned(200) },
  "GET /api/surveys/:id/responses.csv": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/responses.csv` }), expect: owned(200) },

  "GET /api/contacts": { request: () => ({ path: "/api/contacts" }), expect: signedInOnly(200) },
  "POST /api/contacts/import": {
    request: () => ({ path: "/api/contacts/import?dryRun=true", raw: { type: "text/csv", body: "name,email,language\nAna,ana@example.org,es\n" } }),
    expect: signedInOnly(200),
  },

  // The launch API (distribution).
  "GET /api/surveys/:id/launch/preview": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/launch/preview` }), expect: owned(200) },
  "POST /api/surveys/:id/launch": { request: async (fx) => ({ path: `/api/surveys/${(await newSurvey(fx.orgId)).id}/launch`, body: { channels: ["email"] } }), expect: owned(200) },
  "GET /api/surveys/:id/sending": { request: (fx) => ({ path: `/api/surveys/${fx.surveyId}/sending` }), expect: owned(200) },

  // The summaries API.
  "GET /api/surveys/:id/summaries": { request: (fx) => ({ path: `/api/surveys/${fx.openSurveyId}/summaries` }), expect: owned(200) },
  "GET /api/surveys/:id/summaries/:partnerId/preview": { request: (fx) => ({ path: `/api/surveys/${fx.openSurveyId}/summaries/${fx.partnerId}/preview` }), expect: owned(200) },
  "GET /api/surveys/:id/summaries/:partnerId/csv": { request: (fx) => ({ path: `/api/surveys/${fx.openSurveyId}/summaries/${fx.partnerId}/csv` }), expect: owned(200) },
  // A partner of its own for each call: a period's summary is sent once (a second send is a 409).
  "POST /api/surveys/:id/summaries/:partnerId/send": {
    request: async (fx) => {
      const partner = await system(async () => {
        const p = await Partner.create({ ...partnerBody, orgId: fx.orgId } as never);
        await Partner.setShared({ orgId: fx.orgId, id: p.id, surveyIds: [fx.openSurveyId] });
        return p;
      });
      return { path: `/api/surveys/${fx.openSurveyId}/summaries/${partner.id}/send`, body: {} };
    },
    expect: owned(200),
  },
  "DELETE /api/contacts/:id": {
    request: async (fx) => ({ path: `/api/contacts/${(await system(() => Contact.create({ orgId: fx.orgId, email: `f.${unique()}@example.org`, language: "en" }))).id}` }),
    expect: owned(204),
  },
};

const key = (op: Pick<Operation, "method" | "path">) => `${op.method} ${op.path}`;
const ops = operations(api);

let fx: Fixtures;
beforeAll(async () => {
  // Launching queues invitations: into the in-process queue, as locally.
  localSending();
  const [org, other] = await system(() => Promise.all([Organisation.create({ name: "This district" }), Organisation.create({ name: "Other district" })]));
  const survey = await system(() => Survey.create({ orgId: org.id, content: demoContent, dimensions: ["site", "language"] }));
  const partner = await system(() => Partner.create({ ...partnerBody, orgId: org.id } as never));
  const open = await system(() => Survey.create({ orgId: org.id, content: demoContent, partnerIds: [partner.id] }));
  await system(() => Survey.transition({ orgId: org.id, id: open.id, to: "open" }));
  const site = await system(() => Site.create({ orgId: org.id, name: "Secret Elementary" }));
  const contact = await system(() => Contact.create({ orgId: org.id, name: "Private Family", email: "private.family@example.org", language: "en" }));
  fx = { orgId: org.id, otherOrgId: other.id, surveyId: survey.id, openSurveyId: open.id, partnerId: partner.id, ids: [org.id, survey.id, open.id, partner.id, site.id, contact.id] };
});

/** A fresh session for each call, so a call that ends or switches its session cannot affect the next. */
async function cookieFor(who: Who) {
  if (who === "anonymous") return undefined;
  const { headers } = await signedIn(who === "otherOrg" ? { orgId: fx.otherOrgId, role: "admin" } : { orgId: fx.orgId, role: who });
  return headers.cookie;
}

describe("authorisation matrix", () => {
  it("has a rule and a declaration for every mounted route, and no rule for a route that is gone", () => {
    const mounted = ops.map(key).sort();
    expect(mounted.filter((k) => !rules[k]), "routes without a rule in the matrix").toEqual([]);
    expect(Object.keys(rules).filter((k) => !mounted.includes(k)), "rules for routes that are not mounted").toEqual([]);
    expect(ops.filter((o) => !o.doc).map(key), "routes without describe()").toEqual([]);
  });

  it("agrees with each route's declared access", () => {
    for (const op of ops) {
      const rule = rules[key(op)];
      if (!rule || !op.doc) continue;
      const { expect: e } = rule;
      const at = key(op);
      if (op.doc.access === "public") expect(e.anonymous, at).not.toBe(401);
      else expect(e.anonymous, at).toBe(401);
      if (op.doc.access === "admin") expect([e.coordinator, e.admin], at).toEqual([403, op.doc.status ?? 200]);
      if (op.doc.access === "coordinator") expect([e.coordinator, e.admin], at).toEqual([op.doc.status ?? 200, op.doc.status ?? 200]);
    }
  });

  for (const op of ops) {
    const rule = rules[key(op)];
    if (!rule) continue;
    it(`${key(op)}: ${WHO.map((w) => `${w} ${rule.expect[w]}`).join(", ")}`, async () => {
      const seen: Record<string, number> = {};
      for (const who of WHO) {
        const call = await rule.request(fx);
        const cookie = await cookieFor(who);
        const res = await api.request(
          `http://127.0.0.1${call.path}`,
          {
            method: op.method,
            headers: {
              origin: "http://127.0.0.1",
              ...(cookie ? { cookie } : {}),
              ...(call.body !== undefined ? { "content-type": "application/json" } : {}),
              ...(call.raw ? { "content-type": call.raw.type } : {}),
            },
            body: call.raw ? call.raw.body : call.body === undefined ? undefined : JSON.stringify(call.body),
          },
          { incoming: { socket: { remoteAddress: `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } } },
        );
        seen[who] = res.status;
        const type = res.headers.get("content-type") ?? "";
        const text = await res.text();
        if (res.status >= 200 && res.status < 300 && op.doc?.response && type.includes("json")) {
          const parsed = z.safeParse(op.doc.response, JSON.parse(text).result);
          expect(parsed.success, `${key(op)} as ${who}: answer does not match its declared schema: ${parsed.error?.message}`).toBe(true);
        }
        if (res.status >= 400) expect(JSON.parse(text).error.code, `${key(op)} as ${who}`).toEqual(expect.any(String));
        // Another organisation never sees this organisation's data, even where it may call the route.
        if (who === "otherOrg" || who === "anonymous") for (const id of fx.ids) expect(text, `${key(op)} as ${who} leaks ${id}`).not.toContain(id);
      }
      expect(seen).toEqual(rule.expect);
    });
  }
});

describe("OpenAPI document", () => {
  it("is public, OpenAPI 3.1, lists every declared operation (at least 20) with schemas from zod", async () => {
    const res = await api.request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const listed = Object.entries(doc.paths as Record<string, Record<string, { summary: string; "x-access": string; operationId: string; responses: object }>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, o]) => ({ key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`, o })),
    );
    expect(listed.length).toBeGreaterThanOrEqual(20);
    expect(listed.map((l) => l.key).sort()).toEqual(ops.map(key).sort());
    for (const { key: k, o } of listed) {
      expect(o.summary, k).toBeTruthy();
      expect(["public", "coordinator", "admin"], k).toContain(o["x-access"]);
      expect(Object.keys(o.responses).length, k).toBeGreaterThan(0);
    }
    expect(new Set(listed.map((l) => l.o.operationId)).size).toBe(listed.length);
    const create = doc.paths["/api/surveys"].post;
    expect(create.requestBody.content["application/json"].schema.properties.content.properties.questions.items.oneOf.length).toBe(7);
    expect(create.responses["201"].content["application/json"].schema.properties.result.properties.status.enum).toEqual(["draft", "open", "closed"]);
    expect(doc.paths["/api/surveys/{id}"].get.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
    expect(doc.paths["/api/organisation"].patch.requestBody.content["application/json"].schema.properties.privacyFloor.minimum).toBe(5);
    expect(doc.paths["/api/surveys/{id}/responses.csv"].get.responses["200"].content["text/csv"]).toBeDefined();
  });
});
