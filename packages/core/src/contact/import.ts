// Contact import (DESIGN §4a): a CSV file as a school's information system exports it becomes
// contacts, with a report for every row.
//
// 1. Decode: UTF-8, UTF-16 or Windows-1252, detected; anything else, or mojibake, refuses the whole
//    file before anything is written (encoding.ts).
// 2. Parse with papaparse. A broken file (an unterminated quote, no header, a mapped column missing)
//    is refused as a whole; a broken row (the wrong number of cells) is rejected on its own.
// 3. Map columns: given by the coordinator, or recognised from the headers (simple lists, PowerSchool
//    style "Guardian 1 Email / Guardian 2 Email" columns, OneRoster 1.2 users.csv).
// 4. Normalise each person: phones to E.164 with the organisation's country, languages to the
//    supported locales, placeholders such as "N/A" to nothing. Invalid values are reported, never
//    guessed: a person with no usable address, or with a language we cannot name, is rejected.
// 5. Merge: one contact per email address and per phone number in the organisation. Siblings' rows
//    name the same guardian several times; an address already owned by a contact (from an earlier row
//    or an earlier import) merges into it. A file is the newest truth, so an existing contact takes
//    the file's name, language, attributes and preference; opt-outs and bounces are never undone.
// 6. Write, in batches, while holding the organisation's import lease (contact.dynamo.ts): with no
//    other import or creation able to claim an address meanwhile, the plan made from the markers read
//    under the lease stays true, and plain batch writes (about three times faster than conditional
//    transactions) are safe. Importing the same file again changes nothing.
import { randomUUID } from "node:crypto";
import { BatchGetCommand, BatchWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import Papa from "papaparse";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Organisation } from "../organisation";
import { Site } from "../site";
import { Store } from "../store";
import { createId, fn } from "../util";
import { addressKey, importLeaseKey, key } from "./contact.dynamo";
import { decode } from "./encoding";
import { normaliseLanguage } from "./language";
import { addresses, Info, markers, type Marker } from "./index";

const Column = z.string().trim().min(1).max(200);
const Columns = z.union([Column, z.array(Column).min(1).max(4)]);
const AttributeName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "Use lowercase letters, digits and _ for attribute names.");

/** The columns of one person. Several columns for one field: names are joined, addresses take the first filled. */
export const PersonColumns = z.object({
  name: Columns.optional(),
  email: Columns.optional(),
  phone: Columns.optional(),
  language: Column.optional(),
  channel: Column.optional(),
});
export type PersonColumns = z.infer<typeof PersonColumns>;

export const Mapping = PersonColumns.extend({
  /** Attribute name → column, for reporting dimensions such as site and grade_band. */
  attributes: z.record(AttributeName, Column).default({}),
  /**
   * Several people per row (a row per student, with each guardian's columns). Person columns given at
   * the top level (for example a shared home language) apply to every guardian that lacks its own.
   */
  people: z.array(PersonColumns).min(1).max(4).optional(),
  /** Only rows whose column holds one of these values (OneRoster: role is parent or guardian). */
  where: z.object({ column: Column, values: z.array(z.string()).min(1).max(20) }).optional(),
  /** OneRoster 1.2 users.csv: guardians' site and grade come from the students their agentSourcedIds name. */
  oneRoster: z.boolean().default(false),
});
export type Mapping = z.infer<typeof Mapping>;

export const ImportInput = z.object({
  orgId: z.string(),
  file: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "Expected the file's bytes."),
  mapping: Mapping.optional(),
  /** Report what would happen without writing anything. */
  dryRun: z.boolean().default(false),
  /** Every row in the report, not only the ones with something to say. */
  detail: z.enum(["problems", "all"]).default("problems"),
});

export const Issue = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type Issue = z.infer<typeof Issue>;

export const RowReport = z.object({
  /** The spreadsheet row: the header is row 1, so the first contact is row 2. */
  line: z.number().int(),
  /** Which guardian of the row (1-based), when a row holds several. */
  person: z.number().int().optional(),
  status: z.enum(["accepted", "fixed", "rejected"]),
  /** Folded into the contact of an earlier row ("file") or into a contact that already existed ("existing"). */
  merged: z.enum(["file", "existing"]).optional(),
  contactId: z.string().optional(),
  issues: z.array(Issue),
});
export type RowReport = z.infer<typeof RowReport>;

export const Report = z.object({
  encoding: z.string(),
  delimiter: z.string(),
  mapping: Mapping,
  rows: z.number().int(),
  counts: z.object({
    accepted: z.number().int(),
    fixed: z.number().int(),
    rejected: z.number().int(),
    merged: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  }),
  dryRun: z.boolean(),
  /** Rows with something to say (fixed, rejected or merged); every row with `detail: "all"`. */
  report: z.array(RowReport),
});
export type Report = z.infer<typeof Report>;

const refuse = (code: string, message: string, details?: Record<string, unknown>) => new VisibleError("input", code, message, details);

// ---------- recognising columns ----------

const fold = (s: string) =>
  s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

const SYNONYMS: Record<"name" | "first" | "last" | "email" | "phone" | "language" | "channel", string[]> = {
  name: ["name", "full name", "contact name", "parent name", "guardian name", "parent guardian name", "parent guardian", "guardian"],
  first: ["first name", "firstname", "given name", "givenname", "first"],
  last: ["last name", "lastname", "surname", "family name", "familyname", "last"],
  email: ["email", "e mail", "email address", "e mail address", "parent email", "guardian email", "contact email", "parent guardian email"],
  phone: ["phone", "phone number", "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone", "telephone", "sms", "text", "parent phone", "guardian phone", "parent guardian phone", "home phone"],
  language: ["language", "home language", "preferred language", "primary language", "contact language", "lang", "language preference", "correspondence language"],
  channel: ["preferred channel", "channel", "contact method", "preferred contact method", "preferred contact"],
};
const ATTRIBUTE_SYNONYMS: Record<string, string[]> = {
  site: ["site", "school", "school name", "campus", "building", "program", "programme"],
  grade_band: ["grade band", "grade span"],
  grade: ["grade", "grade level"],
};

function findColumn(headers: string[], names: string[]) {
  const folded = headers.map(fold);
  for (const n of names) {
    const i = folded.indexOf(n);
    if (i >= 0) return headers[i];
  }
  return undefined;
}

/** Guesses the mapping from the header row; the coordinator sees it in the report and can override it. */
export function detectMapping(headers: string[]): Mapping {
  const folded = headers.map(fold);
  const has = (n: string) => folded.includes(fold(n));
  if (has("sourcedId") && has("role") && has("givenName") && has("familyName")) {
    const phone = [findColumn(headers, ["sms"]), findColumn(headers, ["phone"])].filter((c): c is string => Boolean(c));
    return Mapping.parse({
      name: [findColumn(headers, ["givenname"])!, findColumn(headers, ["familyname"])!],
      email: findColumn(headers, ["email"]),
      ...(phone.length ? { phone } : {}),
      where: { column: findColumn(headers, ["role"])!, values: ["parent", "guardian", "relative"] },
      oneRoster: true,
    });
  }
  const column = (k: keyof typeof SYNONYMS) => findColumn(headers, SYNONYMS[k]);
  const attributes: Record<string, string> = {};
  for (const [attr, names] of Object.entries(ATTRIBUTE_SYNONYMS)) {
    const c = findColumn(headers, names);
    if (c) attributes[attr] = c;
  }
  // "Guardian 1 Email", "Parent2_Phone", "Contact 1 First Name", "Mother Email", "Father Cell".
  const groups = new Map<string, PersonColumns & { first?: string; last?: string }>();
  headers.forEach((h, i) => {
    const m = /^(?:(guardian|parent|contact)\s*([1-4])|(mother|father))\s*(.*)$/.exec(folded[i]!);
    if (!m) return;
    const id = m[3] ?? `${m[1]}${m[2]}`;
    const rest = m[4] ?? "";
    const g = groups.get(id) ?? {};
    if (SYNONYMS.email.includes(rest)) g.email = h;
    else if (SYNONYMS.phone.includes(rest)) g.phone = h;
    else if (SYNONYMS.language.includes(rest)) g.language = h;
    else if (SYNONYMS.first.includes(rest)) g.first = h;
    else if (SYNONYMS.last.includes(rest)) g.last = h;
    else if (rest === "" || SYNONYMS.name.includes(rest)) g.name = h;
    else return;
    groups.set(id, g);
  });
  const people = [...groups.values()]
    .filter((g) => g.email || g.phone)
    .map(({ first, last, ...g }) => ({ ...g, ...(first || last ? { name: [first, last].filter((x): x is string => Boolean(x)) } : {}) }));
  const first = column("first");
  const last = column("last");
  const name = column("name") ?? (first || last ? [first, last].filter((x): x is string => Boolean(x)) : undefined);
  const email = column("email");
  const phone = column("phone");
  if (people.length && !email && !phone) {
    return Mapping.parse({ people, language: column("language"), channel: column("channel"), attributes });
  }
  return Mapping.parse({ name, email, phone, language: column("language"), channel: column("channel"), attributes });
}

// ---------- normalising values ----------

/** What people type when there is nothing to type. Treated as empty, and said so in the report. */
const PLACEHOLDERS = new Set(["n/a", "na", "n.a.", "none", "null", "nil", "-", "--", "?", "unknown", "no email", "no phone", "not available", "x", "0"]);

// Read lazily: this module and ./index import each other, and ./index is still initialising when this
// module's top level runs.
const emailSchema = () => Info.shape.email.unwrap();

type Person = {
  line: number;
  person?: number;
  name?: string;
  email?: string;
  phone?: string;
  language: Locale.Supported;
  channel: Info["preferredChannel"];
  attributes: Record<string, string>;
  issues: Issue[];
  fixed: boolean;
};

function cell(row: string[], index: Map<string, number>, column: string | undefined) {
  if (!column) return "";
  const i = index.get(column);
  return i === undefined ? "" : (row[i] ?? "").trim();
}
const firstFilled = (row: string[], index: Map<string, number>, columns: string | string[] | undefined) =>
  [columns ?? []].flat().map((c) => cell(row, index, c)).find((v) => v !== "") ?? "";

function normalisePhone(raw: string, country: CountryCode): { ok: true; value: string; changed: boolean; note?: string } | { ok: false } {
  const parsed = parsePhoneNumberFromString(raw, country);
  if (!parsed || !parsed.isValid()) return { ok: false };
  return { ok: true, value: parsed.number, changed: parsed.number !== raw, note: parsed.ext ? "the extension was left out" : undefined };
}

// A Map, not an object: a cell reading "constructor" must find nothing, not Object.prototype's.
const CHANNELS = new Map<string, Info["preferredChannel"]>(Object.entries({
  email: "email", "e mail": "email", mail: "email",
  sms: "sms", text: "sms", "text message": "sms", phone: "sms", cell: "sms", mobile: "sms",
  any: "any", both: "any", either: "any", "": "any",
} satisfies Record<string, Info["preferredChannel"]>));

function normalisePerson(
  row: string[],
  index: Map<string, number>,
  cols: PersonColumns,
  attributes: Record<string, string>,
  ctx: { country: CountryCode; defaultLanguage: string },
  where: { line: number; person?: number },
): Person | { rejected: Issue[] } | "empty" {
  const issues: Issue[] = [];
  let fixed = false;
  const note = (field: string, code: string, message: string, isFix = true) => {
    issues.push({ field, code, message });
    if (isFix) fixed = true;
  };
  const name = [cols.name ?? []].flat().map((c) => cell(row, index, c)).filter(Boolean).join(" ").replace(/\s+/g, " ").trim();
  let email = firstFilled(row, index, cols.email);
  let phone = firstFilled(row, index, cols.phone);
  if (!name && !email && !phone) return "empty";

  let emailOk: string | undefined;
  let phoneOk: string | undefined;
  const bad: Issue[] = [];
  if (email && PLACEHOLDERS.has(email.toLowerCase())) {
    note("email", "email.placeholder", `The email “${email}” means none, so this contact has no email address.`);
    email = "";
  }
  if (email) {
    const parsed = emailSchema().safeParse(email);
    if (parsed.success) emailOk = parsed.data;
    else bad.push({ field: "email", code: "email.invalid", message: "The email address is not valid." });
  }
  if (phone && PLACEHOLDERS.has(phone.toLowerCase())) {
    note("phone", "phone.placeholder", `The phone “${phone}” means none, so this contact has no phone number.`);
    phone = "";
  }
  if (phone) {
    const p = normalisePhone(phone, ctx.country);
    if (p.ok) {
      phoneOk = p.value;
      if (p.changed) note("phone", "phone.normalised", `The phone number was written as ${p.value}.`);
      if (p.note) note("phone", "phone.extension", `The phone number's extension was left out.`);
    } else bad.push({ field: "phone", code: "phone.invalid", message: `The phone number is not a valid number for ${ctx.country} (include the area code, or a + and the country code).` });
  }

  const rawLanguage = cell(row, index, cols.language);
  let language: Locale.Supported | undefined;
  if (!rawLanguage || PLACEHOLDERS.has(rawLanguage.toLowerCase())) {
    language = ctx.defaultLanguage as Locale.Supported;
    // Said per row only when the file has a language column that is empty here; a file without one
    // is all in the default language, which the report's mapping already shows.
    if (cols.language) note("language", "language.default", `No language was given, so messages will be in the organisation's default language (${ctx.defaultLanguage}).`);
  } else {
    const l = normaliseLanguage(rawLanguage);
    if (l) {
      language = l.locale;
      if (l.changed) note("language", "language.normalised", `The language “${rawLanguage}” was read as ${l.locale}.`);
    } else bad.push({ field: "language", code: "language.unknown", message: `“${rawLanguage}” is not one of the supported languages (${Locale.supported.join(", ")}).` });
  }

  const rawChannel = fold(cell(row, index, cols.channel));
  let channel = CHANNELS.get(rawChannel);
  if (!channel) {
    channel = "any";
    note("channel", "channel.unknown", `The preferred channel was not email or SMS, so either will be used.`);
  }

  // Rejection: nothing to reach the person by, or a language we cannot name. A bad address next to a
  // good one leaves the bad one out (and says so): the family is still reached, nothing is guessed.
  const reachable = Boolean(emailOk || phoneOk);
  const languageBad = bad.some((b) => b.field === "language");
  if (!reachable || languageBad) {
    const reasons = [...bad];
    if (!reachable && !bad.some((b) => b.field === "email" || b.field === "phone"))
      reasons.push({ field: "email", code: "contact.unreachable", message: "There is no email address or phone number." });
    return { rejected: reasons };
  }
  for (const b of bad) note(b.field, b.code, `${b.message} It was left out.`);
  if (name.length > 200) note("name", "name.too_long", "The name was cut to 200 characters.");
  return {
    ...where,
    name: name ? name.slice(0, 200) : undefined,
    email: emailOk,
    phone: phoneOk,
    language: language!,
    channel,
    attributes,
    issues,
    fixed,
  };
}

// ---------- planning ----------

type Planned = { info: Info; isNew: boolean; changed: boolean; claims: { kind: "email" | "phone"; address: string }[] };

/** One contact per address: where each address of the file and of the organisation lives. */
class Directory {
  readonly byAddress = new Map<string, Planned>();
  readonly planned: Planned[] = [];
  find(kind: "email" | "phone", address: string | undefined) {
    return address ? this.byAddress.get(`${kind}:${address}`) : undefined;
  }
  add(p: Planned) {
    this.planned.push(p);
    for (const a of addresses(p.info)) this.byAddress.set(`${a.kind}:${a.address}`, p);
  }
  claim(p: Planned, kind: "email" | "phone", address: string) {
    this.byAddress.set(`${kind}:${address}`, p);
    p.claims.push({ kind, address });
  }
}

const sameAttributes = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Folds a person into the directory. Returns which contact took them and whether they merged.
 * `firstTouch` holds the contacts the file has already updated: only the first row that names an
 * existing contact updates its fields; later rows (siblings) only add missing addresses.
 */
function place(dir: Directory, p: Person, existing: Map<string, Marker>, touched: Set<Planned>, orgId: string, now: string) {
  const note = (field: string, code: string, message: string) => p.issues.push({ field, code, message });
  const byEmail = dir.find("email", p.email);
  const byPhone = dir.find("phone", p.phone);
  let target = byEmail ?? byPhone;
  // An email owned by one contact and a phone owned by another: the row is two people's details, or a
  // shared family phone. The email decides; the phone stays where it is.
  if (byEmail && byPhone && byEmail !== byPhone)
    note("phone", "phone.elsewhere", "This phone number already belongs to another contact, so it was not added to this one.");
  // Found only by a shared phone, but with a different email: another person in the same household.
  if (!byEmail && byPhone && p.email && byPhone.info.email && byPhone.info.email !== p.email) {
    note("phone", "phone.shared", "This phone number is shared with another contact; text messages go to that contact only.");
    target = undefined;
  }
  if (!target) {
    // A new contact. Markers left by erased contacts carry their opt-outs and bounces forward.
    const phone = p.phone && !dir.find("phone", p.phone) ? p.phone : undefined;
    const left = [p.email ? existing.get(`email:${p.email}`) : undefined, phone ? existing.get(`phone:${phone}`) : undefined].filter((m): m is Marker => Boolean(m));
    const optedOut = { email: left.some((m) => m.kind === "email" && m.optedOut), sms: left.some((m) => m.kind === "phone" && m.optedOut) };
    const emailStatus = left.find((m) => m.kind === "email" && m.emailStatus !== "ok")?.emailStatus ?? "ok";
    const info = Info.parse({
      id: createId("con"),
      orgId,
      name: p.name,
      email: p.email,
      phone,
      language: p.language,
      attributes: p.attributes,
      preferredChannel: p.channel,
      optedOut,
      emailStatus,
      createdAt: now,
    });
    const planned: Planned = { info, isNew: true, changed: true, claims: addresses(info) };
    dir.add(planned);
    touched.add(planned);
    return { contactId: info.id, merged: undefined };
  }
  const merged: "file" | "existing" = target.isNew || touched.has(target) ? "file" : "existing";
  const info = target.info;
  if (!touched.has(target)) {
    // The first row of this file for an existing contact: the file is the newest truth.
    const next = { ...info, name: p.name ?? info.name, language: p.language, attributes: p.attributes, preferredChannel: p.channel };
    if (next.name !== info.name || next.language !== info.language || !sameAttributes(next.attributes, info.attributes) || next.preferredChannel !== info.preferredChannel) {
      target.info = next;
      target.changed = true;
    }
    touched.add(target);
  } else {
    if (p.language !== info.language) note("language", "language.kept", `This contact's language stays ${info.language}, as in the earlier row.`);
    if (!sameAttributes(p.attributes, info.attributes) && Object.keys(p.attributes).length)
      note("attributes", "attributes.kept", "This contact's attributes (such as site) stay as in the earlier row.");
  }
  if (p.email && !target.info.email) {
    target.info = { ...target.info, email: p.email };
    target.changed = true;
    dir.claim(target, "email", p.email);
  }
  if (p.phone && !dir.find("phone", p.phone)) {
    if (!target.info.phone) {
      target.info = { ...target.info, phone: p.phone };
      target.changed = true;
      dir.claim(target, "phone", p.phone);
    } else note("phone", "phone.kept", "This contact already has another phone number, which was kept.");
  }
  return { contactId: target.info.id, merged };
}

// ---------- writing ----------

const LEASE_SECONDS = 300;

async function acquireLease(orgId: string, runId: string) {
  const now = Clock.epochSeconds();
  try {
    await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: importLeaseKey(orgId),
        UpdateExpression: "SET #t = :t, runId = :r, #u = :until",
        ConditionExpression: "attribute_not_exists(pk) OR #u < :now OR runId = :r",
        ExpressionAttributeNames: { "#t": "type", "#u": "until" },
        ExpressionAttributeValues: { ":t": "import_lease", ":r": runId, ":until": now + LEASE_SECONDS, ":now": now },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException)
      throw new VisibleError("conflict", "contact.import_running", "Another import is running for this organisation. Please try again when it has finished.");
    throw err;
  }
}

async function releaseLease(orgId: string, runId: string) {
  await Store.client()
    .send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: importLeaseKey(orgId),
        UpdateExpression: "SET #u = :zero",
        ConditionExpression: "runId = :r",
        ExpressionAttributeNames: { "#u": "until" },
        ExpressionAttributeValues: { ":zero": 0, ":r": runId },
      }),
    )
    .catch((err) => {
      // Someone else's lease now (ours expired): theirs must stand.
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    });
}

async function batchWrite(items: Record<string, unknown>[], onProgress: () => Promise<void>) {
  const T = Store.table();
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  let sinceRenewal = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        const res = await Store.client().send(new BatchWriteCommand({ RequestItems: { [T]: pending } }));
        pending = (res.UnprocessedItems?.[T] ?? []) as typeof pending;
        if (pending.length) await new Promise((r) => setTimeout(r, Math.min(2000, 25 * 2 ** attempt)));
      }
      if (++sinceRenewal >= 400) {
        sinceRenewal = 0;
        await onProgress();
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

async function readContacts(orgId: string, ids: string[]) {
  const out = new Map<string, Info>();
  const T = Store.table();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => key(orgId, id));
    for (let attempt = 0; keys?.length; attempt++) {
      const res = await Store.client().send(new BatchGetCommand({ RequestItems: { [T]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of res.Responses?.[T] ?? []) {
        const info = Info.parse(Store.strip(item));
        out.set(info.id, info);
      }
      keys = res.UnprocessedKeys?.[T]?.Keys as Record<string, unknown>[] | undefined;
      if (keys?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  }
  return out;
}

/**
 * An existing contact takes the file's fields with an UpdateItem that leaves opt-outs and the email
 * status alone: a STOP that arrives while the import runs must not be overwritten by the plan's copy.
 */
async function updateExisting(list: Info[]) {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const info = list[next++]!;
      const fields: Record<string, unknown> = { name: info.name, language: info.language, attributes: info.attributes, preferredChannel: info.preferredChannel, email: info.email, phone: info.phone };
      const set = Object.entries(fields).filter(([, v]) => v !== undefined);
      await Store.client()
        .send(
          new UpdateCommand({
            TableName: Store.table(),
            Key: key(info.orgId, info.id),
            UpdateExpression: `SET ${set.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: Object.fromEntries(set.map(([k], i) => [`#f${i}`, k])),
            ExpressionAttributeValues: Object.fromEntries(set.map(([, v], i) => [`:v${i}`, v])),
          }),
        )
        .catch((err) => {
          // Erased by a coordinator while the import ran: erasure wins, there is nothing to update.
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

// ---------- the operation ----------

function parse(text: string) {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" });
  const broken = result.errors.find((e) => e.type === "Quotes");
  if (broken) {
    const line = (broken.row ?? 0) + 1;
    throw refuse("import.malformed", `The file is not valid CSV: a quoted value that starts near row ${line} is never closed. Nothing was imported.`, { row: line });
  }
  const [header, ...rows] = result.data;
  if (!header || header.every((h) => !h.trim())) throw refuse("import.no_header", "The file has no header row. The first row must name the columns (for example Name, Email, Phone, Language).");
  return { header: header.map((h) => h.trim()), rows, delimiter: result.meta.delimiter };
}

function checkMapping(mapping: Mapping, header: string[]) {
  const used = [
    ...[mapping.name, mapping.email, mapping.phone, mapping.language, mapping.channel].flat(),
    ...Object.values(mapping.attributes),
    ...(mapping.people ?? []).flatMap((p) => [p.name, p.email, p.phone, p.language, p.channel].flat()),
    mapping.where?.column,
  ].filter((c): c is string => Boolean(c));
  const missing = [...new Set(used.filter((c) => !header.includes(c)))];
  if (missing.length)
    throw refuse("import.missing_column", `The file has no column named ${missing.map((m) => `“${m}”`).join(", ")}. Nothing was imported.`, { missing, columns: header });
  const people = mapping.people ?? [mapping];
  if (!people.some((p) => p.email || p.phone))
    throw refuse("import.no_address_column", "Choose the column that holds email addresses or phone numbers. Nothing was imported.", { columns: header });
}

export const importContacts = fn(ImportInput, async ({ orgId, file, mapping: given, dryRun, detail }) => {
  Actor.assertOrg(orgId);
  const org = await Organisation.get(orgId);
  const { text, encoding } = decode(file);
  const { header, rows, delimiter } = parse(text);
  const mapping = given ?? detectMapping(header);
  checkMapping(mapping, header);
  const index = new Map(header.map((h, i) => [h, i] as const));

  // Site codes from the information system become the site names reports use.
  const sites = mapping.attributes.site || mapping.oneRoster ? await Site.list(orgId) : [];
  const siteNames = new Map<string, string>();
  for (const s of sites) {
    siteNames.set(s.name.toLowerCase(), s.name);
    if (s.code) siteNames.set(s.code.toLowerCase(), s.name);
  }
  const oneRosterStudents = new Map<string, { site?: string; grade?: string }>();
  if (mapping.oneRoster) {
    const [role, id, orgs, grades] = ["role", "sourcedId", "orgSourcedIds", "grades"].map((c) => findColumn(header, [fold(c)]));
    for (const row of rows) {
      if (cell(row, index, role).toLowerCase() !== "student") continue;
      oneRosterStudents.set(cell(row, index, id), {
        site: cell(row, index, orgs).split(",")[0]?.trim() || undefined,
        grade: cell(row, index, grades).split(",")[0]?.trim() || undefined,
      });
    }
  }

  const ctx = { country: org.country as CountryCode, defaultLanguage: org.defaultLanguage };
  const report: RowReport[] = [];
  const people: Person[] = [];
  const groups = mapping.people ?? [mapping];
  rows.forEach((row, i) => {
    const line = i + 2;
    if (mapping.where) {
      const v = cell(row, index, mapping.where.column).toLowerCase();
      if (!mapping.where.values.some((w) => w.toLowerCase() === v)) return;
    }
    if (row.length !== header.length) {
      report.push({ line, status: "rejected", issues: [{ field: "row", code: "row.cells", message: `This row has ${row.length} cells but the header has ${header.length} (often an unquoted comma inside a name).` }] });
      return;
    }
    const attributes: Record<string, string> = {};
    const attributeIssues: Issue[] = [];
    for (const [attr, column] of Object.entries(mapping.attributes)) {
      let v = cell(row, index, column);
      if (!v || PLACEHOLDERS.has(v.toLowerCase())) continue;
      if (attr === "site") v = siteNames.get(v.toLowerCase()) ?? v;
      if (v.length > 100) {
        attributeIssues.push({ field: attr, code: "attribute.too_long", message: `The ${attr} was cut to 100 characters.` });
        v = v.slice(0, 100);
      }
      attributes[attr] = v;
    }
    if (mapping.oneRoster) {
      const agents = cell(row, index, findColumn(header, ["agentsourcedids"])).split(",").map((s) => s.trim()).filter(Boolean);
      const student = agents.map((a) => oneRosterStudents.get(a)).find(Boolean);
      if (student?.site) attributes.site = siteNames.get(student.site.toLowerCase()) ?? student.site;
      if (student?.grade) attributes.grade = student.grade;
    }
    let anyone = false;
    groups.forEach((cols, g) => {
      const merged: PersonColumns = groups.length > 1 ? { ...cols, language: cols.language ?? mapping.language, channel: cols.channel ?? mapping.channel } : cols;
      const where = { line, ...(groups.length > 1 ? { person: g + 1 } : {}) };
      const p = normalisePerson(row, index, merged, attributes, ctx, where);
      if (p === "empty") return;
      anyone = true;
      if ("rejected" in p) {
        report.push({ ...where, status: "rejected", issues: p.rejected });
        return;
      }
      p.issues.push(...attributeIssues);
      if (attributeIssues.length) p.fixed = true;
      people.push(p);
    });
    if (!anyone) report.push({ line, status: "rejected", issues: [{ field: "row", code: "contact.unreachable", message: "This row has no name, email address or phone number." }] });
  });
  if (rows.length === 0) throw refuse("import.no_rows", "The file has a header but no contacts.");

  const runId = randomUUID();
  if (!dryRun) await acquireLease(orgId, runId);
  try {
    // Who already owns the file's addresses (read under the lease, so nobody can claim one meanwhile).
    const wanted = new Map<string, { kind: "email" | "phone"; address: string }>();
    for (const p of people) for (const a of addresses(p)) wanted.set(`${a.kind}:${a.address}`, a);
    const existing = await markers(orgId, [...wanted.values()]);
    const ownerIds = [...new Set([...existing.values()].map((m) => m.contactId).filter((id): id is string => Boolean(id)))];
    const existingInfo = await readContacts(orgId, ownerIds);

    const dir = new Directory();
    for (const info of existingInfo.values()) dir.add({ info, isNew: false, changed: false, claims: [] });
    // Addresses whose marker names a contact that no longer exists are free; a marker without a
    // contact (an erased contact's opt-out) is inherited by whoever takes the address.
    const touched = new Set<Planned>();
    const now = Clock.iso();
    for (const p of people) {
      const placed = place(dir, p, existing, touched, orgId, now);
      report.push({
        line: p.line,
        ...(p.person ? { person: p.person } : {}),
        status: p.fixed ? "fixed" : "accepted",
        ...(placed.merged ? { merged: placed.merged } : {}),
        contactId: placed.contactId,
        issues: p.issues,
      });
    }

    const changed = dir.planned.filter((p) => p.changed);
    const counts = {
      accepted: report.filter((r) => r.status === "accepted").length,
      fixed: report.filter((r) => r.status === "fixed").length,
      rejected: report.filter((r) => r.status === "rejected").length,
      merged: report.filter((r) => r.merged).length,
      created: changed.filter((p) => p.isNew).length,
      updated: changed.filter((p) => !p.isNew).length,
      unchanged: dir.planned.filter((p) => !p.changed && !p.isNew).length,
    };
    if (!dryRun && changed.length) {
      const items: Record<string, unknown>[] = [];
      const updates: Info[] = [];
      for (const p of changed) {
        const info = Info.parse(p.info);
        if (p.isNew) items.push({ ...key(orgId, info.id), type: "contact", ...info });
        else updates.push(info);
        for (const c of p.claims) {
          const m = existing.get(`${c.kind}:${c.address}`);
          items.push({
            ...addressKey(orgId, c.kind, c.address),
            type: "contact_address",
            orgId,
            kind: c.kind,
            contactId: info.id,
            optedOut: m?.optedOut ?? false,
            emailStatus: m?.emailStatus ?? "ok",
          });
        }
      }
      await batchWrite(items, () => acquireLease(orgId, runId));
      await updateExisting(updates);
    }
    report.sort((a, b) => a.line - b.line || (a.person ?? 0) - (b.person ?? 0));
    return {
      encoding,
      delimiter,
      mapping,
      rows: rows.length,
      counts,
      dryRun,
      report: detail === "all" ? report : report.filter((r) => r.status !== "accepted" || r.merged),
    } satisfies Report;
  } finally {
    if (!dryRun) await releaseLease(orgId, runId);
  }
});
