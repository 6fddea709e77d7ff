// Classic attacks through the real paths, each once, by name (hostile-api.test.ts and
// hostile-import.test.ts throw random input at the same routes):
// - markup in every text field of a survey and every translation, created through the API, launched,
//   then read back everywhere it is shown: the family form (public and personal links), the console's
//   preview, the launch preview, the partner summary preview and the invitation emails. Each page must
//   have exactly the markup of the same survey with harmless text: user text adds no element and no
//   attribute, and never appears unescaped;
// - SQL- and NoSQL-shaped text, bidi overrides and zero-width characters: stored and returned exactly,
//   matched only as text;
// - 1 MB fields (413 with a JSON message, nothing stored) and JSON nested 10,000 deep (400, no 5xx),
//   for every route with a JSON body, from the route registry;
// - bytes that are not UTF-8 in a JSON body;
// - CR/LF in every value that could reach an email header: refused at input, or never in a header;
// - guessing session cookies and sign-in codes.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Session } from "@feedback/core/session";
import { hash } from "@feedback/core/util";
import { api } from "../src/api/app";
import { operations } from "../src/api/spec";
import { form } from "../src/form/app";
import { emailsTo, type StoredEmail } from "../../../test/ses";
import { apiClient } from "./support/api";
import { client, hidden } from "./support/client";
import { uniqueSlug } from "./support/fixtures";
import { changes, deeplyNested, snapshot } from "./support/hostile";
import { localSending, tokenIn } from "./support/sending";
import { signedIn } from "./support/session";

const sending = localSending();
const unique = () => Math.random().toString(36).slice(2, 10);
let ipCount = 0;
const ip = () => `198.51.100.${(ipCount++ % 250) + 1}`;

// ---------- markup ----------

const XSS = [
  '<script>alert("x1")</script>',
  '"><img src=x onerror=alert("x2")>',
  "'><svg/onload=alert('x3')>",
  "</title><script>alert(4)</script>",
  "<iframe src=javascript:alert(5)></iframe>",
  '<a href="javascript:alert(6)">click</a>',
  "<style>@import 'http://evil.example/x.css';</style>",
  "<!-- x --><base href=//evil.example/>",
  "]]><script>alert(8)</script><![CDATA[",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>",
  '<input autofocus onfocus=alert(10) value="',
  "<meta http-equiv=refresh content='0;url=//evil.example'>",
  // Not markup, but classic: template, SQL and NoSQL injection, bidi override and zero-width characters.
  "{{constructor.constructor('alert(11)')()}} ${alert(12)}",
  "'; DROP TABLE surveys; -- ",
  '{"$gt": ""} attribute_not_exists(pk) OR 1=1',
  "evil\u202Efdp.exe\u202C and a\u200Bb\u200Cc\u200Dd\u2066e\u2069",
];

type TextFor = (n: number, lang: string) => string;

/** A survey using every kind of text a survey has, in three languages (one right-to-left). */
function content(textFor: TextFor) {
  let n = 0;
  const t = () => {
    const i = n++;
    return Object.fromEntries(["en", "es", "ar"].map((l) => [l, textFor(i, l)]));
  };
  const options = () => [
    { id: "a", text: t() },
    { id: "b", text: t() },
  ];
  return {
    defaultLanguage: "en",
    languages: ["en", "es", "ar"],
    title: t(),
    intro: t(),
    questions: [
      { id: "single", type: "single_choice", required: false, text: t(), help: t(), options: options() },
      { id: "multi", type: "multiple_choice", text: t(), help: t(), options: options() },
      { id: "likert", type: "likert", text: t(), help: t(), labels: [t(), t(), t(), t(), t()] },
      { id: "rating", type: "rating", text: t(), help: t(), lowLabel: t(), highLabel: t() },
      { id: "short", type: "short_text", text: t(), help: t(), showIf: { questionId: "single", op: "equals", value: "a" } },
      { id: "long", type: "long_text", text: t(), help: t(), page: 2 },
      { id: "count", type: "number", text: t(), help: t(), page: 2 },
    ],
  };
}
const hostileText: TextFor = (n, lang) => `${XSS[n % XSS.length]} ${lang}${n}`;
const harmlessText: TextFor = (n, lang) => `Text ${lang}${n}`;

/** Every text value of a content object, in order. */
const texts = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(texts) : v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => (k === "id" || k === "type" || k === "questionId" || k === "op" || k === "value" || k === "defaultLanguage" || k === "languages" ? [] : texts(x))) : [];

/**
 * The markup of a page: each tag's name and attribute names, in order. Quoted attribute values are
 * dropped (escaped user text inside one cannot end it), so text that turned into markup shows up as an
 * element or attribute the harmless page does not have.
 */
function markup(html: string) {
  return [...html.matchAll(/<(\/?[a-zA-Z][a-zA-Z0-9-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>/g)].map(([, name, attrs]) => {
    const names = attrs!.replace(/"[^"]*"|'[^']*'/g, "").match(/[a-zA-Z-:]+(?==)|[a-zA-Z-:]+/g) ?? [];
    return `${name!.toLowerCase()}${names.length ? `[${names.map((a) => a.toLowerCase()).join(" ")}]` : ""}`;
  });
}

/** The page shows user text only as text. `harmless` is the same page for the same survey with plain words. */
function expectInert(html: string, harmless: string, where: string) {
  expect(markup(html), `${where}: markup differs from the harmless survey's`).toEqual(markup(harmless));
  expect(html, where).not.toMatch(/<script/i);
  expect(markup(html).filter((t) => /\bon[a-z]+\b/.test(t.replace(/^[^[]*/, ""))), `${where}: event handler attributes`).toEqual([]);
  for (const p of XSS.filter((x) => /[<>]/.test(x))) expect(html.includes(p), `${where} contains ${p} unescaped`).toBe(false);
}

type Launched = Awaited<ReturnType<typeof launchOrg>>;

/** An organisation with contacts (imported), a partner, and a survey created and launched through the API. */
async function launchOrg(textFor: TextFor) {
  const session = await signedIn({ role: "admin" });
  const c = apiClient(api, { headers: session.headers, ip: ip() });
  const tag = unique();
  const emails = ["en", "es", "ar"].map((l) => `family.${l}.${tag}@example.org`);
  const csv = `Name,Email,Language\n${emails.map((e, i) => `"Family\r\n${i}",${e},${["en", "es", "ar"][i]}`).join("\n")}\n`;
  const imported = await api.request(`http://127.0.0.1/api/contacts/import`, { method: "POST", headers: { ...session.headers, "content-type": "text/csv" }, body: csv });
  expect(imported.status).toBe(200);
  const slug = uniqueSlug("x");
  const sent = content(textFor);
  const created = await c.post("/api/surveys", { content: sent, slug, anonymity: "confidential", dimensions: ["language"] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.result.id as string;
  const partnerEmail = `partner.${tag}@example.org`;
  const partner = await c.post("/api/partners", { name: "Partner", kind: "nonprofit", contactEmails: [partnerEmail], language: "es", agreement: { start: "2026-01-01", end: "2030-01-01" }, surveyIds: [id] });
  expect(partner.status, JSON.stringify(partner.body)).toBe(201);
  const launched = await c.post(`/api/surveys/${id}/launch`, { channels: ["email"] });
  expect(launched.status, JSON.stringify(launched.body)).toBe(200);
  await sending.drain();
  return { session, c, id, slug, sent, partnerId: partner.body.result.id as string, emails, partnerEmail };
}

/**
 * A family answering through the form, every page kept: the steps, a step refused for a bad number
 * (its error names the question), the review of the answers and the thank-you page. Typed answers
 * carry `typed` (attack text, or plain words for the harmless survey).
 */
async function answer(base: string, typed: string) {
  const c = client(form, ip());
  const out: Record<string, string> = {};
  const post = (at: string, fields: [string, string][]) => c.post(base, [["_csrf", c.csrf()], ["_at", at], ["_action", "next"], ...fields]);
  // Every answer on every step (a step reads its own questions only).
  const answers: [string, string][] = [
    ["q.single", "a"], ["q.multi", "a"], ["q.multi", "b"], ["q.likert", "4"], ["q.rating", "9"], ["q.short", `${typed} short`],
    ["q.long", `=HYPERLINK("http://evil.example","x") ${typed} long`], ["q.count", "3"],
  ];
  let page = await c.get(base);
  out["step 1"] = page.html;
  for (let n = 2; hidden(page.html, "_at") !== "review"; n++) {
    expect(n, "steps").toBeLessThan(10);
    const at = hidden(page.html, "_at")!;
    if (at === "long") {
      const refused = await post(at, [...answers.filter(([k]) => k !== "q.count"), ["q.count", "not a number"]]);
      expect(refused.status).toBe(400);
      out["a step refused"] = refused.html;
    }
    expect((await post(at, answers)).status).toBe(303);
    page = await c.get(base);
    out[hidden(page.html, "_at") === "review" ? "review" : `step ${n}`] = page.html;
  }
  const submitted = await c.post(base, { _csrf: c.csrf(), _at: "review", _action: "submit" });
  expect(submitted.status).toBe(303);
  out["thank-you"] = (await c.get(submitted.location!)).html;
  return out;
}

/** Every page that shows the survey's text, by name. */
async function pages(o: Launched, typed: string) {
  const out: Record<string, string> = {};
  for (const lang of ["en", "es", "ar"]) {
    out[`family form /p/ (${lang})`] = (await client(form, ip()).get(`/p/${o.slug}?lang=${lang}`)).html;
    for (const page of [1, 2]) {
      const preview = await o.c.post(`/api/surveys/${o.id}/preview`, { lang, page });
      expect(preview.status).toBe(200);
      out[`console preview page ${page} (${lang})`] = preview.body.result.html;
    }
  }
  for (const [i, to] of o.emails.entries()) {
    const [mail] = await emailsTo(to);
    expect(mail, `invitation to ${to}`).toBeDefined();
    out[`invitation email ${i}`] = mail!.body.html!;
    const flow = await answer(`/s/${tokenIn(mail!.body.text!)}`, typed);
    for (const [step, html] of Object.entries(flow)) out[`family form /s/ ${i}, ${step}`] = html;
  }
  const anonymous = await answer(`/p/${o.slug}`, typed);
  for (const [step, html] of Object.entries(anonymous)) out[`family form /p/, ${step}`] = html;
  const launch = await o.c.get(`/api/surveys/${o.id}/launch/preview?channels=email`);
  expect(launch.status).toBe(200);
  for (const l of launch.body.result.languages) out[`launch preview email (${l.locale})`] = l.email.html;
  const summary = await o.c.get(`/api/surveys/${o.id}/summaries/${o.partnerId}/preview`);
  expect(summary.status, JSON.stringify(summary.body)).toBe(200);
  out["partner summary preview"] = summary.body.result.html;
  return out;
}

describe("markup in every text of a survey and every translation", () => {
  let hostile: Launched;
  let harmless: Launched;
  beforeAll(async () => {
    [hostile, harmless] = await Promise.all([launchOrg(hostileText), launchOrg(harmlessText)]);
  });

  it("is stored and returned exactly as written (every field, every language)", async () => {
    const detail = await hostile.c.get(`/api/surveys/${hostile.id}`);
    expect(detail.status).toBe(200);
    // (Translations come back in another key order: DynamoDB does not keep a map's order.)
    expect(texts(detail.body.result.content).sort()).toEqual(texts(hostile.sent).sort());
    expect(texts(hostile.sent).length).toBe(27 * 3);
  });

  it("(the check itself notices text that became markup)", () => {
    const page = (title: string) => `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1 class="t">${title}</h1></body></html>`;
    expect(() => expectInert(page(XSS[1]!), page("Text"), "unescaped")).toThrow();
    expect(() => expectInert(page('<b title="x">bold</b>'), page("Text"), "unescaped")).toThrow();
    expectInert(page("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;"), page("Text"), "escaped");
  });

  it("never becomes markup: family form, console preview, launch preview, summary preview, invitation emails", async () => {
    const [bad, good] = await Promise.all([pages(hostile, XSS[0]!), pages(harmless, "Plain words")]);
    expect(Object.keys(bad).length).toBeGreaterThanOrEqual(35);
    for (const [where, html] of Object.entries(bad)) {
      expect(html.length, where).toBeGreaterThan(500);
      expectInert(html, good[where]!, where);
    }
    // The attack text itself is on the pages, as text.
    expect(bad["family form /p/ (en)"]).toContain("&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt;");
    expect(bad["console preview page 1 (ar)"]).toContain("evil\u202Efdp.exe\u202C");
    expect(bad["family form /s/ 0, review"]).toContain("&lt;script&gt;alert(&quot;x1&quot;)&lt;/script&gt; short");
  });

  it("keeps typed answers as text in the coordinator's responses, and formula-safe in their CSV", async () => {
    const rows = await hostile.c.get(`/api/surveys/${hostile.id}/responses`);
    expect(rows.status).toBe(200);
    expect(rows.body.result.rows.map((r: Record<string, string>) => r["q.short"])).toContain(`${XSS[0]} short`);
    const csv = await hostile.c.get(`/api/surveys/${hostile.id}/responses.csv`);
    expect(csv.status).toBe(200);
    // The answer that starts with = opens as text in a spreadsheet; the name imported with a line break became one line.
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"") ${XSS[0]!.replace(/"/g, '""')} long"`);
    expect(csv.body).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv.body).toContain(",Family 0,");
  });
});

// ---------- injection-shaped text elsewhere ----------

const INJECTIONS = [
  "'; DROP TABLE contacts; --",
  "' OR '1'='1",
  '{"$gt": ""}',
  '{"$ne": null}',
  "attribute_not_exists(pk) OR begins_with(pk, :p)",
  "ORG#org_00000000000000000000000000",
  "#pk = :pk",
  "evil\u202Efdp.exe\u202C",
  "a\u200Bb\u200Cc\u200Dd\u2060e",
  "%s%n%x",
  "\\u0000\\\\",
];

describe("SQL- and NoSQL-shaped text, bidi overrides and zero-width characters", () => {
  it("are stored and returned exactly in names, and match only as text in a contact search", async () => {
    const session = await signedIn({ role: "admin" });
    const c = apiClient(api, { headers: session.headers, ip: ip() });
    const tag = unique();
    for (const [i, name] of INJECTIONS.entries()) {
      const site = await c.post("/api/sites", { name, code: `C${i}` });
      expect(site.status, name).toBe(201);
      const partner = await c.post("/api/partners", { name, kind: "other", contactEmails: [`p${i}.${tag}@example.org`], language: "en", agreement: { start: "2026-01-01", end: "2027-01-01" } });
      expect(partner.status, name).toBe(201);
      expect((await c.get(`/api/partners/${partner.body.result.id}`)).body.result.name).toBe(name);
      const coordinator = await c.post("/api/coordinators", { email: `c${i}.${tag}@example.org`, name, role: "coordinator" });
      expect(coordinator.status, name).toBe(201);
      expect(coordinator.body.result.name).toBe(name);
    }
    expect((await c.get("/api/sites")).body.result.map((s: { name: string }) => s.name).sort()).toEqual([...INJECTIONS].sort());
    // Contacts named plainly, and one named with each injection: a search finds names containing the text, nothing else.
    const rows = [...["Ana Plain", "Bo Plain"].map((n, i) => `${n},plain${i}.${tag}@example.org`), ...INJECTIONS.map((n, i) => `"${n.replace(/"/g, '""')}",inj${i}.${tag}@example.org`)];
    const imported = await api.request("http://127.0.0.1/api/contacts/import", { method: "POST", headers: { ...session.headers, "content-type": "text/csv" }, body: `Name,Email\n${rows.join("\n")}\n` });
    expect(imported.status).toBe(200);
    const all = (await c.get("/api/contacts?limit=200")).body.result.contacts as { name: string }[];
    expect(all.map((x) => x.name).sort()).toEqual(["Ana Plain", "Bo Plain", ...INJECTIONS].sort());
    for (const q of [...INJECTIONS, "*", "%", ".*", "' OR 1=1 --", '{"$regex": ".*"}', "ORG#", "CONTACT#"]) {
      const found = await c.get(`/api/contacts?q=${encodeURIComponent(q)}`);
      expect(found.status, q).toBe(200);
      for (const x of found.body.result.contacts as { name: string }[]) expect(x.name.toLowerCase(), `search ${q}`).toContain(q.trim().toLowerCase());
    }
  });

  it("refuses injection-shaped ids in paths with 400 before any read", async () => {
    const session = await signedIn({ role: "admin" });
    const c = apiClient(api, { headers: session.headers, ip: ip() });
    for (const id of ["srv_1' OR '1'='1", 'srv_{"$gt":""}', "ORG#x", "srv_a#SURVEY#b", "srv_a\u202E", "..%2f..%2f", "srv_%00"]) {
      const res = await c.get(`/api/surveys/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(400);
      expect(res.body.error.code).toBe("input.invalid");
    }
  });
});

// ---------- size and depth ----------

const jsonOps = operations(api).filter((op) => op.json);

describe("1 MB fields and JSON nested 10,000 deep, on every route with a JSON body", () => {
  let session: Awaited<ReturnType<typeof signedIn>>;
  let ids: Record<string, string>;
  beforeAll(async () => {
    session = await signedIn({ role: "admin" });
    const c = apiClient(api, { headers: session.headers, ip: ip() });
    const survey = await c.post("/api/surveys", { content: content(harmlessText) });
    const partner = await c.post("/api/partners", { name: "P", kind: "other", contactEmails: [`p.${unique()}@example.org`], language: "en", agreement: { start: "2026-01-01", end: "2027-01-01" } });
    ids = { id: survey.body.result.id, partnerId: partner.body.result.id };
  });

  /** The route's path with real ids (a survey's for :id; coordinators' and partners' routes get their own kind). */
  const pathOf = (path: string) =>
    path.replace(/\/(coordinators|partners)\/:id/, (_, kind: string) => `/${kind}/${kind === "partners" ? ids.partnerId : session.coordinator.id}`).replace(/:(\w+)/g, (_, n: string) => ids[n] ?? "x");

  async function send(method: string, path: string, body: string | Uint8Array) {
    const res = await api.request(`http://127.0.0.1${pathOf(path)}`, { method, headers: { ...session.headers, "content-type": "application/json" }, body: body as BodyInit }, { incoming: { socket: { remoteAddress: ip() } } });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
  }

  it("has routes to test (every JSON route of the registry)", () => {
    expect(jsonOps.length).toBeGreaterThanOrEqual(15);
  });

  for (const op of jsonOps) {
    it(`${op.method} ${op.path}: 413 for a 1 MB field, 400 for 100 kB and for nesting, nothing stored`, async () => {
      const fields = Object.keys((op.json as { shape?: object }).shape ?? { name: 1 });
      const before = await snapshot();
      // A field of 1 MB: refused by size before it is read.
      for (const field of fields.length ? fields : ["name"]) {
        const res = await send(op.method, op.path, JSON.stringify({ [field]: "x".repeat(1024 * 1024 + 1) }));
        expect(res.status, `${field}: ${res.body.slice(0, 200)}`).toBe(413);
        expect(res.type).toMatch(/^application\/json/);
        expect(JSON.parse(res.body).error).toEqual({ code: "request.too_large", message: expect.stringMatching(/too large/) });
      }
      // A field of 100 kB (within the body limit): refused by the schema, naming the field.
      const long = await send(op.method, op.path, JSON.stringify(Object.fromEntries(fields.map((f) => [f, "y".repeat(100_000)]))));
      if (fields.length) {
        expect(long.status, long.body.slice(0, 200)).toBe(400);
        expect(JSON.parse(long.body).error.message).toMatch(/\w/);
      }
      // Nested 10,000 deep (objects, arrays, and inside each declared field), and 100,000 deep: the
      // request is read without a stack overflow, and the value is refused where it cannot belong.
      const nested = [deeplyNested(10_000, "[", "]"), deeplyNested(100_000, "[", "]"), ...fields.map((f) => `{"${f}":${deeplyNested(10_000)}}`)];
      for (const body of nested) {
        const res = await send(op.method, op.path, body);
        expect(res.status, `${body.slice(0, 40)}…: ${res.body.slice(0, 200)}`).toBe(400);
        expect(JSON.parse(res.body).error.code).toMatch(/^(input\.invalid|request\.invalid)$/);
      }
      expect(changes(before, await snapshot())).toEqual({ removed: [], added: [] });
      // Under a key the route does not declare, the nesting is ignored like any unknown key: the answer
      // is the one to an empty object (routes whose fields are all optional accept that).
      const ignored = await send(op.method, op.path, deeplyNested(10_000));
      const empty = await send(op.method, op.path, "{}");
      expect(ignored.status, ignored.body.slice(0, 200)).toBe(empty.status);
      expect(ignored.status).toBeLessThan(500);
    });
  }

  it("a contact file over the upload limit (4 MB) is refused with 413 and a JSON message; a nested mapping with 400", async () => {
    const big = new Uint8Array(4 * 1024 * 1024 + 1).fill(0x41);
    const before = await snapshot();
    const res = await api.request("http://127.0.0.1/api/contacts/import", { method: "POST", headers: { ...session.headers, "content-type": "text/csv" }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("request.too_large");
    const nested = await api.request(`http://127.0.0.1/api/contacts/import?mapping=${encodeURIComponent(deeplyNested(10_000))}`, {
      method: "POST",
      headers: { ...session.headers, "content-type": "text/csv" },
      body: "Name,Email\nAna,ana@example.org\n",
    });
    expect(nested.status).toBe(400);
    expect(changes(before, await snapshot())).toEqual({ removed: [], added: [] });
  });
});

// ---------- bytes that are not UTF-8 ----------

describe("bytes that are not UTF-8 in a JSON body", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const withBytes = (before: string, bad: number[], after: string) => new Uint8Array([...enc(before), ...bad, ...enc(after)]);

  it.each([
    ["a stray byte", [0xff]],
    ["a Windows-1252 é", [0xe9]],
    ["a cut sequence", [0xe2, 0x82]],
    ["an overlong slash", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
  ])("%s in a name is refused with 400 and a clear message, and nothing is stored", async (_, bad) => {
    const session = await signedIn({ role: "admin" });
    const before = await snapshot();
    const res = await api.request("http://127.0.0.1/api/sites", {
      method: "POST",
      headers: { ...session.headers, "content-type": "application/json" },
      body: withBytes('{"name":"Caf', bad, ' Elementary"}'),
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error).toEqual({ code: "request.encoding", message: expect.stringMatching(/UTF-8/) });
    expect(changes(before, await snapshot())).toEqual({ removed: [], added: [] });
  });

  it("while UTF-8 (with a BOM, or any script) is read exactly", async () => {
    const session = await signedIn({ role: "admin" });
    for (const [name, bytes] of [
      ["Café Élémentaire", enc('{"name":"Café Élémentaire"}')],
      ["مدرسة 💥", new Uint8Array([0xef, 0xbb, 0xbf, ...enc('{"name":"مدرسة 💥"}')])],
    ] as const) {
      const res = await api.request("http://127.0.0.1/api/sites", { method: "POST", headers: { ...session.headers, "content-type": "application/json; charset=utf-8" }, body: bytes });
      expect(res.status).toBe(201);
      expect((await res.json()).result.name).toBe(name);
    }
  });
});

// ---------- header injection ----------

const CRLF = ["\r\nBcc: victim@example.org", "\nBcc: victim@example.org", "\rBcc: victim@example.org", "\u2028Bcc: victim@example.org", "\u0085Bcc: victim@example.org"];

/** Nothing that becomes an email header (subject, addresses, custom headers, attachment names) holds a line break. */
function expectCleanHeaders(mail: StoredEmail, where: string) {
  const values = [mail.subject, mail.from, ...mail.destination.to, ...(mail.destination.cc ?? []), ...(mail.destination.bcc ?? []), ...(mail.headers ?? []).flatMap((h) => [h.name, h.value]), ...(mail.attachments ?? []).map((a) => a.filename)];
  for (const v of values) expect(v, `${where}: ${JSON.stringify(v)}`).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
}

describe("line breaks in anything that could reach an email header", () => {
  it("are refused in every email address: partners, coordinators, sign-in, imported contacts", async () => {
    const session = await signedIn({ role: "admin" });
    const c = apiClient(api, { headers: session.headers, ip: ip() });
    const before = await snapshot();
    for (const crlf of [...CRLF, "%0d%0aBcc:victim@example.org"]) {
      const address = `p.${unique()}@example.org${crlf}`;
      const partner = await c.post("/api/partners", { name: "P", kind: "other", contactEmails: [address], language: "en", agreement: { start: "2026-01-01", end: "2027-01-01" } });
      expect(partner.status, JSON.stringify(address)).toBe(400);
      expect((await c.post("/api/coordinators", { email: address, name: "C", role: "coordinator" })).status).toBe(400);
      expect((await apiClient(api, { ip: ip() }).post("/api/auth/start", { email: address })).status).toBe(400);
    }
    expect(changes(before, await snapshot()).added.filter((l) => !l.includes('"pk":"RL#'))).toEqual([]);
    const csv = `Name,Email\n${CRLF.map((crlf, i) => `Row ${i},"r${i}.${unique()}@example.org${crlf}"`).join("\n")}\n`;
    const imported = await api.request("http://127.0.0.1/api/contacts/import?detail=all", { method: "POST", headers: { ...session.headers, "content-type": "text/csv" }, body: csv });
    const report = (await imported.json()).result;
    expect(report.counts).toMatchObject({ accepted: 0, fixed: 0, rejected: CRLF.length, created: 0 });
    expect(report.report.every((r: { issues: { code: string }[] }) => r.issues.some((i) => i.code === "email.invalid"))).toBe(true);
  });

  it("never reach a header from names, titles and translations: invitations, partner summaries, sign-in", async () => {
    const session = await signedIn({ role: "admin" });
    const c = apiClient(api, { headers: session.headers, ip: ip() });
    const tag = unique();
    const evil = (s: string, i: number) => `${s}${CRLF[i % CRLF.length]}`;
    expect((await c.patch("/api/organisation", { name: evil("District", 0) })).status).toBe(200);
    const coordinatorEmail = `coordinator.${tag}@example.org`;
    const coordinator = await c.post("/api/coordinators", { email: coordinatorEmail, name: evil("Rosa", 1), role: "coordinator" });
    expect(coordinator.status).toBe(201);
    const families = ["en", "es", "ar"].map((l) => `family.${l}.${tag}@example.org`);
    const csv = `Name,Email,Language\n${families.map((e, i) => `"${evil("Family", i)}",${e},${["en", "es", "ar"][i]}`).join("\n")}\n`;
    expect((await api.request("http://127.0.0.1/api/contacts/import", { method: "POST", headers: { ...session.headers, "content-type": "text/csv" }, body: csv })).status).toBe(200);
    const titled = content((n, lang) => evil(`Survey ${lang}${n}`, n));
    const created = await c.post("/api/surveys", { content: titled, slug: uniqueSlug("crlf") });
    // Refusing line breaks in titles at input would do as well; what must never happen is a header with one.
    if (created.status !== 201) {
      expect(created.status).toBe(400);
      return;
    }
    const id = created.body.result.id;
    const partnerEmail = `partner.${tag}@example.org`;
    const partner = await c.post("/api/partners", { name: evil("Partner", 2), kind: "nonprofit", contactEmails: [partnerEmail], language: "es", agreement: { start: "2026-01-01", end: "2030-01-01" }, surveyIds: [id] });
    expect(partner.status).toBe(201);
    expect((await c.post(`/api/surveys/${id}/launch`, { channels: ["email"] })).status).toBe(200);
    await sending.drain();
    expect((await c.post(`/api/surveys/${id}/summaries/${partner.body.result.id}/send`, {})).status).toBe(200);
    expect((await apiClient(api, { ip: ip() }).post("/api/auth/start", { email: coordinatorEmail })).status).toBe(202);

    const launch = await c.get(`/api/surveys/${id}/launch/preview?channels=email`);
    for (const l of launch.body.result.languages) expect(l.email.subject, `launch preview (${l.locale})`).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    const summary = await c.get(`/api/surveys/${id}/summaries/${partner.body.result.id}/preview`);
    expect(summary.body.result.subject, "summary preview").not.toMatch(/[\r\n\u0085\u2028\u2029]/);

    for (const to of [...families, partnerEmail, coordinatorEmail]) {
      const mails = await emailsTo(to);
      expect(mails.length, to).toBe(1);
      expectCleanHeaders(mails[0]!, to);
    }
    // The title is still there, on one line.
    expect((await emailsTo(families[0]!))[0]!.subject).toContain("Survey en0 Bcc: victim@example.org");
    expect(await emailsTo("victim@example.org")).toEqual([]);
  });
});

// ---------- guessing ----------
// (Expired and ended sessions: api-auth.test.ts. Five wrong codes from one browser, and the per-IP
// limits on codes and links: signin.test.ts.)

describe("guessing an API session cookie", () => {
  it("no random, well-formed or malformed cookie opens a session while real ones exist", async () => {
    const { headers } = await signedIn({ role: "admin" });
    expect((await api.request("/api/me", { headers })).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)), fc.stringMatching(/^[A-Za-z0-9_-]{21,23}$/)),
        async (guess) => {
          const res = await api.request("/api/me", { headers: { cookie: `sid=${guess}` } });
          expect(res.status, guess).toBe(401);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("nothing near a real token works: one character changed, case flipped, cut, extended, or the hash the table keys it by", async () => {
    const { headers } = await signedIn({ role: "admin" });
    const token = headers.cookie.slice("sid=".length);
    const flip = (ch: string) => (ch === "A" ? "B" : "A");
    const near = [
      ...[...token].map((ch, i) => token.slice(0, i) + flip(ch) + token.slice(i + 1)),
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      token.slice(0, 21),
      `${token}A`,
      hash(token),
      `SESSION#${hash(token)}`,
    ].filter((t) => t !== token);
    for (const guess of near) expect((await api.request("/api/me", { headers: { cookie: `sid=${guess}` } })).status, guess).toBe(401);
    // A guessed cookie next to the real one neither replaces it nor is taken for it.
    expect((await api.request("/api/me", { headers: { cookie: `sid=${near[0]}; sid=${token}` } })).status).toBeLessThan(500);
    expect(await Session.read(token)).toBeDefined();
  });
});

describe("guessing sign-in codes and links", () => {
  it("five wrong codes from five IP addresses end the challenge: the right code then fails from a sixth", async () => {
    const session = await signedIn();
    const email = session.coordinator.email;
    expect((await apiClient(api, { ip: ip() }).post("/api/auth/start", { email })).status).toBe(202);
    const mail = (await emailsTo(email)).at(-1)!;
    const code = /\b(\d{6})\b/.exec(mail.body.text!)![1]!;
    const wrong = code === "000000" ? "000001" : "000000";
    for (let i = 0; i < 5; i++) expect((await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email, code: wrong })).status).toBe(401);
    const right = await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email, code });
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
  });

  it("one address's code never signs in another address, and random codes never sign in", async () => {
    const [a, b] = await Promise.all([signedIn(), signedIn()]);
    for (const s of [a, b]) expect((await apiClient(api, { ip: ip() }).post("/api/auth/start", { email: s.coordinator.email })).status).toBe(202);
    const codeOf = async (email: string) => /\b(\d{6})\b/.exec((await emailsTo(email)).at(-1)!.body.text!)![1]!;
    const [codeA, codeB] = [await codeOf(a.coordinator.email), await codeOf(b.coordinator.email)];
    if (codeA !== codeB) expect((await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email: b.coordinator.email, code: codeA })).status).toBe(401);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^\d{6}$/), async (guess) => {
        fc.pre(guess !== codeA);
        const res = await apiClient(api, { ip: ip() }).post("/api/auth/verify", { email: a.coordinator.email, code: guess });
        expect([401, 429], guess).toContain(res.status);
        expect(res.headers.getSetCookie()).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });

  it("no random link token, and no session token or hash used as one, opens a session", async () => {
    const { headers } = await signedIn();
    const token = headers.cookie.slice("sid=".length);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), fc.constantFrom(token, hash(token))), async (guess) => {
        const res = await apiClient(api, { ip: ip() }).get(`/api/auth/link?token=${encodeURIComponent(guess)}`);
        expect(res.status).toBe(302);
        expect(res.headers.get("location")).toBe("/?signin=signin.invalid_link");
        expect(res.headers.getSetCookie()).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
