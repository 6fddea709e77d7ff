// Hostile contact files through the real import endpoint (POST /api/contacts/import), generated with
// fast-check: random bytes, and CSV-ish text with quotes, line breaks, byte order marks, the wrong
// delimiter, mixed encodings, formula-injection cells and header-injection addresses, sent as the body
// or as a multipart upload (sometimes gzipped), with or without a column mapping. Whatever arrives:
// never a 5xx; a refused file (4xx) changes nothing; a dry run writes nothing; and an accepted file's
// report adds up (every row accounted for, accepted + fixed + rejected = rows for one person per row,
// and exactly `created` new contacts stored).
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Site } from "@feedback/core/site";
import { api } from "../src/api/app";
import { system } from "./support/fixtures";
import { attacks, changes, snapshot } from "./support/hostile";
import { signedIn } from "./support/session";

let session: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  session = await signedIn({ role: "admin" });
  await system(() => Site.create({ orgId: session.orgId, name: "Maple Grove Elementary", code: "MG" }));
});

type Upload = { label: string; bytes: Uint8Array; multipart: boolean; gzip: boolean; mapping?: string; dryRun: boolean };

async function upload(u: Upload) {
  const file = u.gzip ? new Uint8Array(gzipSync(u.bytes)) : u.bytes;
  const query = new URLSearchParams({ dryRun: String(u.dryRun), detail: "all" });
  let body: BodyInit;
  const headers: Record<string, string> = { ...session.headers };
  if (u.multipart) {
    const form = new FormData();
    form.set("file", new Blob([file as BlobPart]), "contacts.csv");
    form.set("dryRun", String(u.dryRun));
    form.set("detail", "all");
    if (u.mapping !== undefined) form.set("mapping", u.mapping);
    body = form;
  } else {
    if (u.mapping !== undefined) query.set("mapping", u.mapping);
    headers["content-type"] = "text/csv";
    body = file as BodyInit;
  }
  const res = await api.request(`http://127.0.0.1/api/contacts/import${u.multipart ? "" : `?${query}`}`, { method: "POST", headers, body });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}

const contactsIn = (snap: string) => snap.split("\n").filter((l) => l.includes('"type":"contact"')).length;

let cached: string | undefined;
/** What the uploads came to: the properties mean little unless files are both refused and accepted. */
const outcomes = { refused: new Map<string, number>(), accepted: 0, created: 0, rejectedRows: 0 };

/** Uploads, then checks the invariants; returns the answer for further checks. */
async function check(u: Upload) {
  const before = cached ?? (await snapshot());
  cached = undefined;
  const res = await upload(u);
  const at = `${u.label} (${u.multipart ? "multipart" : "body"}${u.gzip ? ", gzip" : ""}${u.dryRun ? ", dry run" : ""}, mapping ${u.mapping?.slice(0, 80)}) → ${res.status} ${res.body.slice(0, 300)}`;
  expect(res.status, at).toBeLessThan(500);
  expect(res.type, at).toMatch(/^application\/json/);
  const answer = JSON.parse(res.body);
  const after = await snapshot();
  if (res.status >= 400) {
    expect(answer.error.code, at).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
    expect(answer.error.message, at).toMatch(/\w/);
    outcomes.refused.set(answer.error.code, (outcomes.refused.get(answer.error.code) ?? 0) + 1);
    expect(changes(before, after), at).toEqual({ removed: [], added: [] });
  } else {
    expect(res.status, at).toBe(200);
    const r = answer.result;
    outcomes.accepted++;
    outcomes.created += r.counts.created;
    outcomes.rejectedRows += r.counts.rejected;
    const lines = new Set<number>(r.report.map((x: { line: number }) => x.line));
    // Rows filtered out by `where` (OneRoster students) are not contacts and are not reported.
    if (!r.mapping.where) expect([...lines].sort((a, b) => a - b), `${at}: every row is reported`).toEqual(Array.from({ length: r.rows }, (_, i) => i + 2));
    expect(r.counts.accepted + r.counts.fixed + r.counts.rejected, at).toBe(r.report.length);
    if (!r.mapping.people && !r.mapping.where) expect(r.counts.accepted + r.counts.fixed + r.counts.rejected, at).toBe(r.rows);
    // Rows are counted by outcome, contacts by what happened to them: each new contact comes from an
    // accepted row. (A row can name two existing contacts, by email and by phone, so `updated` and
    // `unchanged` are bounded by the contacts the file's addresses belong to, not by its rows.)
    expect(r.counts.created + r.counts.merged, at).toBeLessThanOrEqual(r.counts.accepted + r.counts.fixed);
    if (u.dryRun) expect(changes(before, after), `${at}: a dry run writes nothing`).toEqual({ removed: [], added: [] });
    else expect(contactsIn(after) - contactsIn(before), `${at}: contacts created`).toBe(r.counts.created);
  }
  cached = after;
  return answer;
}

// ---------- generators ----------

const cell = fc.oneof(
  fc.constantFrom("Ana López", "Nguyễn Văn An", "محمد علي", "李小龙", "O'Brien", "Zoë \"Zee\" Smith", "Smith, John", "N/A", "", " ", "0"),
  fc.constantFrom("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", '=HYPERLINK("http://evil.example","click")', "=1\r\n=2"),
  fc.constantFrom("ana@example.org", "ANA@Example.ORG", "bad@", "a@b", "x@example.org\r\nBcc: victim@example.org", "x@example.org%0d%0aBcc:v@example.org", "<x@example.org>"),
  fc.constantFrom("+1 617 555 0100", "(617) 555-0101", "555", "+44 20 7946 0958", "617-555-0102 ext 4", "+1617555010\u200B3"),
  fc.constantFrom("es", "Spanish", "Español", "Klingon", "zh-Hans", "ar", "sms", "email", "MG", "Maple Grove Elementary", "K-2"),
  fc.constantFrom("\u202Egnp.exe", "a\u200Bb", "\uFEFFName", "Ã©", "â€™", "\u0000"),
  fc.emailAddress(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 15 }),
  fc.constantFrom(...attacks.filter((a) => a.length < 100)),
);

/** A column's own kind of value, mostly; any hostile cell sometimes. */
const mostly = (own: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: cell });
const name = mostly(fc.constantFrom("Ana López", "Nguyễn Văn An", "محمد علي", "李小龙", "O'Brien", "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1)", "\u202Eevil\u202C", "Zoë\u200B", "<b>x</b>"));
const email = mostly(fc.emailAddress());
const phone = mostly(fc.constantFrom("+1 617 555 0100", "(617) 555-0101", "+1 617-555-0102", "6175550103", "+44 20 7946 0958"));
const language = mostly(fc.constantFrom("en", "es", "Spanish", "Vietnamese", "ar", "zh-Hans", ""));
const school = mostly(fc.constantFrom("MG", "Maple Grove Elementary", "Oak Middle"));

/** A header and a generator for its rows: layouts a school system exports, and random ones. */
const layout: fc.Arbitrary<{ header: string[]; rows: string[][] }> = fc.oneof(
  ...(
    [
      [["Name", "Email", "Phone", "Language"], [name, email, phone, language]],
      [["First Name", "Last Name", "Parent Email", "Home Language", "School", "Preferred Channel"], [name, name, email, language, school, mostly(fc.constantFrom("sms", "email", "Text"))]],
      [["Student", "Guardian 1 Name", "Guardian 1 Email", "Guardian 2 Name", "Guardian 2 Phone", "School"], [name, name, email, name, phone, school]],
      [["sourcedId", "role", "givenName", "familyName", "email", "orgSourcedIds", "agentSourcedIds", "grades"], [mostly(fc.constantFrom("s1", "g1")), mostly(fc.constantFrom("student", "guardian", "parent")), name, name, email, school, mostly(fc.constantFrom("s1", "s1,s2")), mostly(fc.constantFrom("03", "K"))]],
    ] as [string[], fc.Arbitrary<string>[]][]
  ).map(([header, columns]) => ({ weight: 2, arbitrary: fc.array(fc.tuple(...columns), { maxLength: 12 }).map((rows) => ({ header, rows })) })),
  { weight: 1, arbitrary: fc.record({ header: fc.array(cell, { minLength: 1, maxLength: 6 }), rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 12 }) }) },
);

const CP1252 = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86], [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89],
  [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95],
  [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);
const windows1252 = (s: string) =>
  new Uint8Array([...s].map((ch) => {
    const cp = ch.codePointAt(0)!;
    return cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : (CP1252.get(cp) ?? 0x3f);
  }));
const utf16 = (s: string, be: boolean) => {
  const b = Buffer.from(s, "utf16le");
  if (be) b.swap16();
  return new Uint8Array(b);
};
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

const encodings = {
  "utf-8": (s: string) => new TextEncoder().encode(s),
  "utf-8 with BOM": (s: string) => cat(new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(s)),
  "utf-16le": (s: string) => cat(new Uint8Array([0xff, 0xfe]), utf16(s, false)),
  "utf-16be": (s: string) => cat(new Uint8Array([0xfe, 0xff]), utf16(s, true)),
  "utf-16le cut short": (s: string) => cat(new Uint8Array([0xff, 0xfe]), utf16(s, false), new Uint8Array([0x41])),
  "utf-16le without BOM": (s: string) => utf16(s, false),
  "windows-1252": windows1252,
  // A file assembled from two exports: the first half UTF-8, the rest Windows-1252.
  mixed: (s: string) => cat(new TextEncoder().encode(s.slice(0, s.length >> 1)), windows1252(s.slice(s.length >> 1))),
  "BOM twice": (s: string) => new TextEncoder().encode(`\uFEFF\uFEFF${s}`),
};

type EncodingName = keyof typeof encodings;
const encoding = fc.oneof(
  { weight: 6, arbitrary: fc.constant<EncodingName>("utf-8") },
  { weight: 2, arbitrary: fc.constant<EncodingName>("utf-8 with BOM") },
  { weight: 4, arbitrary: fc.constantFrom(...(Object.keys(encodings) as EncodingName[])) },
);

const quoted = (value: string, delimiter: string, style: "needed" | "always" | "never") => {
  if (style === "never") return value;
  if (style === "always" || value.includes(delimiter) || /["\r\n]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
};

const csvText = fc
  .record({
    layout,
    delimiter: fc.constantFrom(",", ",", ",", ";", "\t", "|"),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    quoting: fc.constantFrom<"needed" | "always" | "never">("needed", "needed", "needed", "always", "never"),
    // Rows shaped like the header (mostly), so that most files get past "the wrong number of cells".
    shaped: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    trailing: fc.constantFrom("", "\n", "\n\n\n", ",,,\n", '"'),
  })
  .map(({ layout: { header, rows }, delimiter, eol, quoting, shaped, trailing }) => {
    const fit = (r: string[]) => (shaped ? header.map((_, i) => r[i] ?? "") : r);
    const line = (r: string[]) => r.map((v) => quoted(v, delimiter, quoting)).join(delimiter);
    return [line(header), ...rows.map((r) => line(fit(r)))].join(eol) + trailing;
  });

const mapping = fc.oneof(
  { weight: 15, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ name: "Name", email: "Email", phone: "Phone", language: "Language" })) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ email: "Email", attributes: { site: "School", "Bad Name": "x" } })) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ people: [{ email: "Guardian 1 Email" }, { phone: "Guardian 2 Phone" }], where: { column: "Student", values: ["x"] } })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom("{", "null", '{"__proto__":{"email":"Email"}}', "[]", "x".repeat(3000)) },
);

const transport = fc.record({ multipart: fc.boolean(), gzip: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), mapping, dryRun: fc.boolean() });

describe("hostile contact files", () => {
  it("random bytes: never 5xx, refused with a JSON error that changes nothing", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.tuple(fc.constantFrom([0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x1f, 0x8b], []), fc.uint8Array({ maxLength: 500 })).map(([p, b]) => cat(new Uint8Array(p), b)),
        ),
        transport,
        async (bytes, t) => {
          await check({ label: `${bytes.length} random bytes`, bytes, ...t });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("CSV-ish text in any encoding: never 5xx; refused files change nothing; accepted reports add up", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(csvText, encoding, transport, async (csv, encoding, t) => {
        await check({ label: `CSV in ${encoding}: ${JSON.stringify(csv.slice(0, 200))}`, bytes: encodings[encoding](csv), ...t });
      }),
      { numRuns: 150 },
    );
  });

  it("both refused and accepted files, with created contacts and rejected rows, were seen", () => {
    console.log(JSON.stringify({ ...outcomes, refused: Object.fromEntries(outcomes.refused) }));
    expect(outcomes.accepted).toBeGreaterThan(20);
    expect(outcomes.refused.size).toBeGreaterThan(3);
    expect(outcomes.created).toBeGreaterThan(0);
    expect(outcomes.rejectedRows).toBeGreaterThan(0);
  });
});

describe("files refused by name (each was a 500 before)", () => {
  it("a multipart body that does not parse is a 400 that says so, and changes nothing", async () => {
    const before = await snapshot();
    const res = await api.request("http://127.0.0.1/api/contacts/import", {
      method: "POST",
      headers: { ...session.headers, "content-type": "multipart/form-data; boundary=x" },
      body: '{"not":"multipart"}',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("import.unreadable");
    expect(changes(before, await snapshot())).toEqual({ removed: [], added: [] });
  });

  it("UTF-16 cut in half a character, or with a lone surrogate, is a 400 import.encoding", async () => {
    for (const bytes of [[0xff, 0xfe, 0x41], [0xfe, 0xff, 0xd8, 0x00, 0x00, 0x41]]) {
      const res = await upload({ label: "UTF-16", bytes: new Uint8Array(bytes), multipart: false, gzip: false, dryRun: false });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe("import.encoding");
    }
  });

  it("a language or channel cell reading constructor is an unknown value, not Object.prototype's (was a 500)", async () => {
    const csv = "Name,Email,Language,Preferred Channel\nAna,ana.proto@example.org,constructor,email\nBo,bo.proto@example.org,es,constructor\n";
    const answer = await check({ label: "prototype names", bytes: new TextEncoder().encode(csv), multipart: false, gzip: false, dryRun: true });
    const [ana, bo] = answer.result.report;
    expect(ana).toMatchObject({ line: 2, status: "rejected", issues: [{ code: "language.unknown" }] });
    expect(bo).toMatchObject({ line: 3, status: "fixed", issues: [{ code: "channel.unknown" }] });
  });
});
