// Contacts: the families a survey is sent to. Privacy rule 1 (DESIGN §3): names, emails and phone
// numbers live only in contact items, and only distribution and sign-in read them. Nothing derived
// from a contact (invitations, responses, tallies, logs) copies them.
export * as Contact from "./index";

import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Locale } from "../locale";
import { Store } from "../store";
import { createId, fn } from "../util";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { Organisation } from "../organisation";

import { addressKey, importLeaseKey, key, phonePartition, type AddressKind } from "./contact.dynamo";

export { key, addressKey } from "./contact.dynamo";
export type { AddressKind } from "./contact.dynamo";

export const Channel = z.enum(["email", "sms"]);
export type Channel = z.infer<typeof Channel>;

const Fields = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).transform((e) => e.toLowerCase()).optional(),
  /** E.164, normalised on import with the organisation's default country. */
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, "Use an E.164 phone number such as +15551234567.").optional(),
  language: Locale.Tag,
  /** Reporting attributes such as site and grade_band, copied to invitations only if a survey declares them. */
  attributes: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(100)).default({}),
  preferredChannel: z.enum(["email", "sms", "any"]).default("any"),
  /** Per organisation, permanent until the contact opts back in (DESIGN §4 Opt-out). */
  optedOut: z.object({ email: z.boolean(), sms: z.boolean() }).default({ email: false, sms: false }),
  emailStatus: z.enum(["ok", "bounced", "complained"]).default("ok"),
  createdAt: z.string(),
  /** Epoch seconds; set from the organisation's retention when the surveys that used it close. */
  expiresAt: z.number().int().optional(),
});
const reachable = (c: { email?: string; phone?: string }) => Boolean(c.email || c.phone);
const reachableMessage = { message: "A contact needs an email address or a phone number.", path: ["email"] };

export const Info = Fields.refine(reachable, reachableMessage);
export type Info = z.infer<typeof Info>;

export const CreateInput = Fields.omit({ id: true, createdAt: true, expiresAt: true, optedOut: true, emailStatus: true }).refine(reachable, reachableMessage);

const NOT_FOUND = { code: "contact.not_found", message: "Contact not found." };
const toInfo = (item: Record<string, unknown>) => Info.parse(Store.strip(item));

/**
 * An address marker (see contact.dynamo.ts): which contact owns an address in an organisation, and
 * what must outlive the contact (an opt-out, a bounce or a complaint). Holds no address.
 */
export const Marker = z.object({
  orgId: z.string(),
  kind: z.enum(["email", "phone"]),
  contactId: z.string().optional(),
  optedOut: z.boolean().default(false),
  emailStatus: z.enum(["ok", "bounced", "complained"]).default("ok"),
});
export type Marker = z.infer<typeof Marker>;

/** The normalised addresses of a contact, as its markers are keyed. */
export function addresses(contact: { email?: string; phone?: string }) {
  const out: { kind: AddressKind; address: string }[] = [];
  if (contact.email) out.push({ kind: "email", address: contact.email.trim().toLowerCase() });
  if (contact.phone) out.push({ kind: "phone", address: contact.phone });
  return out;
}

/**
 * The transaction items that create a contact and claim its addresses. Each marker is claimed with
 * `attribute_not_exists(contactId)`: a marker left behind by an erased contact (an opt-out) is adopted,
 * an address owned by another contact fails the transaction. Shared by `create` and the import.
 */
export function creation(info: Info): Store.TransactItem[] {
  const T = Store.table();
  return [
    { Put: { TableName: T, Item: { ...key(info.orgId, info.id), type: "contact", ...info }, ConditionExpression: "attribute_not_exists(pk)" } },
    ...addresses(info).map(({ kind, address }) => ({
      Update: {
        TableName: T,
        Key: addressKey(info.orgId, kind, address),
        UpdateExpression: "SET #t = :t, orgId = :o, kind = :k, contactId = :c",
        ConditionExpression: "attribute_not_exists(contactId)",
        ExpressionAttributeNames: { "#t": "type" },
        ExpressionAttributeValues: {
          ":t": "contact_address",
          ":o": info.orgId,
          ":k": kind,
          ":c": info.id,
        },
      },
    })),
  ];
}

/** The markers of these addresses (missing ones are left out), read consistently in batches of 100. */
export async function markers(orgId: string, list: { kind: AddressKind; address: string }[]) {
  const found = new Map<string, Marker>();
  const keyed = list.map((a) => ({ ...a, key: addressKey(orgId, a.kind, a.address) }));
  let next = 0;
  const worker = async () => {
    while (next < keyed.length) {
      let pending: Record<string, unknown>[] | undefined = keyed.slice(next, (next += 100)).map((k) => k.key);
      for (let attempt = 0; pending?.length; attempt++) {
        const res = await Store.client().send(new BatchGetCommand({ RequestItems: { [Store.table()]: { Keys: pending, ConsistentRead: true } } }));
        for (const item of res.Responses?.[Store.table()] ?? []) found.set(`${item.pk}|${item.sk}`, Marker.parse(Store.strip(item)));
        pending = res.UnprocessedKeys?.[Store.table()]?.Keys as Record<string, unknown>[] | undefined;
        if (pending?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, Math.ceil(keyed.length / 100)) }, worker));
  const out = new Map<string, Marker>();
  for (const k of keyed) {
    const m = found.get(`${k.key.pk}|${k.key.sk}`);
    if (m) out.set(`${k.kind}:${k.address}`, m);
  }
  return out;
}

/** What a new contact inherits from markers of erased contacts: opt-outs and email suppression are permanent. */
export function inherited(found: Iterable<Marker>) {
  const optedOut = { email: false, sms: false };
  let emailStatus: Info["emailStatus"] = "ok";
  for (const m of found) {
    if (m.kind === "email") {
      optedOut.email ||= m.optedOut;
      if (m.emailStatus !== "ok") emailStatus = m.emailStatus;
    } else optedOut.sms ||= m.optedOut;
  }
  return { optedOut, emailStatus };
}

const addressTaken = () => new VisibleError("conflict", "contact.address_taken", "Another contact already has this email address or phone number.");

export const create = fn(CreateInput, async (input) => {
  Actor.assertOrg(input.orgId);
  const draft = Info.parse({ ...input, id: createId("con"), createdAt: Clock.iso() });
  const found = await markers(draft.orgId, addresses(draft));
  if ([...found.values()].some((m) => m.contactId)) throw addressTaken();
  const info = Info.parse({ ...draft, ...inherited(found.values()) });
  const items = creation(info);
  // An import writes in batches without conditions while it holds its lease; a contact created in
  // the meantime could be duplicated by it, so creating waits for the import to finish.
  items.push({ ConditionCheck: { TableName: Store.table(), Key: importLeaseKey(info.orgId), ConditionExpression: "attribute_not_exists(pk) OR #u < :now", ExpressionAttributeNames: { "#u": "until" }, ExpressionAttributeValues: { ":now": Clock.epochSeconds() } } });
  await Store.transact(items, (i) =>
    i === 0
      ? new VisibleError("conflict", "contact.exists", "This contact already exists.")
      : i === items.length - 1
        ? new VisibleError("conflict", "contact.import_running", "An import is running for this organisation. Please try again in a minute.")
        : addressTaken(),
  );
  return info;
});

export const get = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
  return toInfo(item);
});

export const list = fn(
  z.object({ orgId: z.string(), limit: z.number().int().min(1).max(1000).default(100), cursor: z.string().optional() }),
  async ({ orgId, limit, cursor }) => {
    Actor.assertOrg(orgId);
    const page = await Store.queryPage({ pk: `ORG#${orgId}`, prefix: "CONTACT#", limit, cursor });
    return { contacts: page.items.map(toInfo), cursor: page.cursor };
  },
);

export const SearchInput = z.object({
  orgId: z.string(),
  q: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional(),
});

/**
 * The console's contact search. An email address or a phone number is found exactly through its
 * address marker (one read, however long the list). Anything else is matched against names, a page
 * of the organisation's contacts at a time: each call reads at most SEARCH_SCAN contacts and returns a
 * cursor to continue, so a search over 100,000 families never holds a request for long.
 */
export const search = fn(SearchInput, async ({ orgId, q, limit, cursor }) => {
  Actor.assertOrg(orgId);
  const exact = async (kind: AddressKind, address: string) => {
    const marker = await byAddress({ orgId, kind, address });
    const found = marker?.contactId ? await Store.get(key(orgId, marker.contactId)) : undefined;
    return { contacts: found ? [toInfo(found)] : [], cursor: undefined, scanned: found ? 1 : 0 };
  };
  if (q.includes("@")) return exact("email", q.toLowerCase());
  if (/^[+\d(][\d\s().-]{5,}$/.test(q)) {
    const { country } = await Organisation.get(orgId);
    const phone = parsePhoneNumberFromString(q, country as CountryCode);
    return phone?.isValid() ? exact("phone", phone.number) : { contacts: [], cursor: undefined, scanned: 0 };
  }
  const needle = q.toLocaleLowerCase();
  const contacts: Info[] = [];
  let next = cursor;
  let scanned = 0;
  do {
    const page = await Store.queryPage({ pk: `ORG#${orgId}`, prefix: "CONTACT#", limit: 500, cursor: next });
    scanned += page.items.length;
    for (const item of page.items) {
      const c = toInfo(item);
      if (c.name?.toLocaleLowerCase().includes(needle)) contacts.push(c);
    }
    next = page.cursor;
  } while (next && contacts.length < limit && scanned < SEARCH_SCAN);
  // Every match on the pages read is returned (a page is never cut short, or the cursor would skip some).
  return { contacts, cursor: next, scanned };
});
const SEARCH_SCAN = 5000;

/** Updates an address marker, creating it if needed (an opt-out must stick even for an unknown owner). */
async function mark(orgId: string, kind: AddressKind, address: string, changes: Record<string, unknown>) {
  const entries = Object.entries(changes);
  await Store.client().send(
    new UpdateCommand({
      TableName: Store.table(),
      Key: addressKey(orgId, kind, address),
      UpdateExpression: `SET #t = :t, orgId = :o, kind = :k, ${entries.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
      ExpressionAttributeNames: { "#t": "type", ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])) },
      ExpressionAttributeValues: {
        ":t": "contact_address",
        ":o": orgId,
        ":k": kind,
        ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      },
    }),
  );
}

async function updateContact(orgId: string, id: string, update: string, names: Record<string, string>, values: Record<string, unknown>) {
  try {
    const res = await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: key(orgId, id),
        UpdateExpression: update,
        ConditionExpression: "attribute_exists(pk)",
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return toInfo(res.Attributes!);
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
    throw err;
  }
}

/**
 * Records an opt-out (or, with `optedOut: false`, an opt-in) for one channel. Idempotent. The contact
 * is the source of truth for sending; the address's marker is updated after it, so that the opt-out
 * outlives an erasure and a later re-import of the same list.
 */
export const setOptOut = fn(
  z.object({ orgId: z.string(), id: z.string(), channel: Channel, optedOut: z.boolean().default(true) }),
  async ({ orgId, id, channel, optedOut }) => {
    Actor.assertOrg(orgId);
    // One nested SET, so an SMS STOP and an email unsubscribe arriving together both stick. The
    // condition makes a missing contact fail instead of being created as a bare { optedOut } item.
    const info = await updateContact(orgId, id, "SET optedOut.#ch = :v", { "#ch": channel }, { ":v": optedOut });
    const address = channel === "email" ? info.email : info.phone;
    if (address) await mark(orgId, channel === "email" ? "email" : "phone", channel === "email" ? address.toLowerCase() : address, { optedOut });
    return info;
  },
);

/** Records a bounce or complaint (SES events), or clears it. The marker keeps it past an erasure. */
export const setEmailStatus = fn(
  z.object({ orgId: z.string(), id: z.string(), status: Fields.shape.emailStatus }),
  async ({ orgId, id, status }) => {
    Actor.assertOrg(orgId);
    const info = await updateContact(orgId, id, "SET emailStatus = :s", {}, { ":s": status });
    if (info.email) await mark(orgId, "email", info.email.toLowerCase(), { emailStatus: status });
    return info;
  },
);

/** Opt-out state for an address with no contact (an erased one): kept on its marker alone. */
export const suppressAddress = fn(
  z.object({ orgId: z.string(), kind: z.enum(["email", "phone"]), address: z.string(), optedOut: z.boolean().optional(), emailStatus: Fields.shape.emailStatus.optional() }),
  async ({ orgId, kind, address, ...changes }) => {
    Actor.assertOrg(orgId);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length) await mark(orgId, kind, kind === "email" ? address.trim().toLowerCase() : address, set);
  },
);

/** The contact that owns an address in an organisation, through its marker (strongly consistent). */
export const byAddress = fn(z.object({ orgId: z.string(), kind: z.enum(["email", "phone"]), address: z.string() }), async ({ orgId, kind, address }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(addressKey(orgId, kind, kind === "email" ? address.trim().toLowerCase() : address));
  return item ? Marker.parse(Store.strip(item)) : undefined;
});

/**
 * Every organisation's marker for a phone number (an inbound SMS knows only the sender's number).
 * System only: it crosses organisations.
 */
export async function phoneMarkers(phone: string) {
  if (Actor.use().type !== "system") throw new VisibleError("forbidden", "contact.lookup_forbidden", "Not allowed.");
  const items = await Store.queryAll({ pk: phonePartition(phone), prefix: "ORG#" });
  return items.map((i) => Marker.parse(Store.strip(i)));
}

/**
 * Erases a contact (a coordinator's right, DESIGN §3 rule 7). Invitations keep no PII, so nothing else
 * holds it. Its address markers go too, except where an opt-out or a bounce must be remembered: those
 * markers stay, without the contact's id, so that a re-import never messages that address again.
 */
export const erase = fn(z.object({ orgId: z.string(), id: z.string() }), async ({ orgId, id }) => {
  Actor.assertOrg(orgId);
  const item = await Store.get(key(orgId, id));
  if (!item) throw new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message);
  const info = toInfo(item);
  const T = Store.table();
  const markerItems: Store.TransactItem[] = addresses(info).map(({ kind, address }) => {
    const keep = kind === "email" ? info.optedOut.email || info.emailStatus !== "ok" : info.optedOut.sms;
    const Key = addressKey(orgId, kind, address);
    const condition = { ConditionExpression: "attribute_not_exists(pk) OR contactId = :c" };
    if (!keep) return { Delete: { TableName: T, Key, ...condition, ExpressionAttributeValues: { ":c": id } } };
    const state = kind === "email" ? { optedOut: info.optedOut.email, emailStatus: info.emailStatus } : { optedOut: info.optedOut.sms, emailStatus: "ok" };
    return {
      Update: {
        TableName: T,
        Key,
        UpdateExpression: "SET #t = :t, orgId = :o, kind = :k, optedOut = :out, emailStatus = :es REMOVE contactId",
        ...condition,
        ExpressionAttributeNames: { "#t": "type" },
        ExpressionAttributeValues: { ":c": id, ":t": "contact_address", ":o": orgId, ":k": kind, ":out": state.optedOut, ":es": state.emailStatus },
      },
    };
  });
  await Store.transact(
    [{ Delete: { TableName: T, Key: key(orgId, id), ConditionExpression: "attribute_exists(pk)" } }, ...markerItems],
    (i) => (i === 0 ? new VisibleError("not_found", NOT_FOUND.code, NOT_FOUND.message) : new VisibleError("conflict", "contact.changed", "The contact changed at the same time. Please try again.")),
  );
});

/** Whether a contact can be reached on a channel right now (has the address and has not opted out). */
export function reachableBy(contact: Info, channel: Channel) {
  if (channel === "email") return Boolean(contact.email) && !contact.optedOut.email && contact.emailStatus === "ok";
  return Boolean(contact.phone) && !contact.optedOut.sms;
}

export { importContacts, detectMapping, Mapping as ImportMapping, ImportInput, Report as ImportReport, RowReport as ImportRow } from "./import";
export { normaliseLanguage } from "./language";
