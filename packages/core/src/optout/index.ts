// Opting out (DESIGN §4 Opt-out): one-click unsubscribe from email (RFC 8058) and STOP by text, in
// every supported language; START opts back in. Opt-outs are per organisation and permanent: they
// live on the contact and on its address marker, which outlives the contact (contact.dynamo.ts).
//
// Unsubscribe links. The token is HMAC(TOKEN_SECRET, "unsubscribe", orgId, contactId, "email"),
// 128 bits in base64url: it names the organisation, the contact and the channel to the server and
// reveals nothing to anyone else, and it is recomputed, never stored. Only its SHA-256 is stored, as
// the key of a small item (pk UNSUB#<sha256(token)>) that says which contact it is for; the item holds
// ids and a language, no address. One token per contact, so every survey's emails share the link.
export * as OptOut from "./index";

import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Config } from "../config";
import { Contact } from "../contact";
import { VisibleError } from "../error";
import { Log } from "../log";
import { Message } from "../message";
import { Organisation } from "../organisation";
import { Store } from "../store";
import { hash, hmac128 } from "../util";
import { match, type Keyword } from "./keywords";

export { match as keyword } from "./keywords";
export type { Keyword } from "./keywords";

const unsubscribeKey = (tokenHash: string) => ({ pk: `UNSUB#${tokenHash}`, sk: "UNSUB" });

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export async function unsubscribeToken(orgId: string, contactId: string) {
  return hmac128(await Config.secret("TOKEN_SECRET"), `unsubscribe\u0000${orgId}\u0000${contactId}\u0000email`);
}

/**
 * The contact's unsubscribe URL, making sure its lookup item exists. An upsert of the same values, so
 * a retried send rewrites it harmlessly. Called by the sender just before an email goes out.
 */
export async function unsubscribeUrl(orgId: string, contactId: string, language: string) {
  const token = await unsubscribeToken(orgId, contactId);
  await Store.client().send(
    new UpdateCommand({
      TableName: Store.table(),
      Key: unsubscribeKey(hash(token)),
      UpdateExpression: "SET #t = :t, orgId = :o, contactId = :c, channel = :ch, #l = :l",
      ExpressionAttributeNames: { "#t": "type", "#l": "language" },
      ExpressionAttributeValues: { ":t": "unsubscribe_link", ":o": orgId, ":c": contactId, ":ch": "email", ":l": language },
    }),
  );
  return `${Config.publicUrl()}/u/${token}`;
}

export const Link = z.object({ orgId: z.string(), contactId: z.string(), channel: Contact.Channel, language: z.string() });
export type Link = z.infer<typeof Link>;

/** What an unsubscribe token stands for, with the organisation's name for the page; undefined if unknown. */
export async function unsubscribeLink(token: string) {
  if (!TOKEN.test(token)) return undefined;
  const item = await Store.get(unsubscribeKey(hash(token)));
  if (!item) return undefined;
  const link = Link.parse(Store.strip(item));
  const org = await Actor.provide({ type: "system" }, () => Organisation.get(link.orgId));
  return { ...link, orgName: org.name };
}

/**
 * Unsubscribes the contact a token names from email. The token is the authority (it was mailed to
 * that address), so this runs as the system. Idempotent; a contact erased since still shows the page.
 */
export async function unsubscribe(token: string) {
  const link = await unsubscribeLink(token);
  if (!link) return undefined;
  await Actor.provide({ type: "system" }, async () => {
    const contact = await Contact.get({ orgId: link.orgId, id: link.contactId }).catch((err) => {
      // Erased since the email was sent: nothing is left to email, and the page still says so.
      if (err instanceof VisibleError && err.kind === "not_found") return undefined;
      throw err;
    });
    if (contact) await Contact.setOptOut({ orgId: link.orgId, id: link.contactId, channel: "email", optedOut: true });
  });
  Log.info("optout.unsubscribed", { orgId: link.orgId, code: "email" });
  return link;
}

export type Inbound = { from: string; to: string; text: string };
export type InboundResult = { keyword?: Keyword; organisations: number; reply?: { to: string; from: string; text: string; locale: string } };

/**
 * An inbound text (the SNS event in AWS, the outbox's reply locally). STOP and START change the
 * sender's SMS opt-out in every organisation that has the number (the message names only the phone
 * number the family texted, which organisations may share); HELP changes nothing. Each gets a reply in
 * the family's language: the contact's, or else the language of the keyword they used.
 */
export async function inboundSms(message: Inbound): Promise<InboundResult> {
  const found = match(message.text);
  if (!found) {
    // A free-text reply (for example an answer typed into the chat): nothing to do, and never logged.
    Log.info("sms.inbound_ignored", { count: message.text.length });
    return { organisations: 0 };
  }
  return Actor.provide({ type: "system" }, async () => {
    const markers = await Contact.phoneMarkers(message.from);
    const names: string[] = [];
    let locale: string | undefined;
    for (const m of markers) {
      const org = await Organisation.get(m.orgId);
      names.push(org.name);
      if (found.keyword === "help") {
        if (m.contactId && !locale) locale = (await contactLanguage(m.orgId, m.contactId)) ?? locale;
        continue;
      }
      const optedOut = found.keyword === "stop";
      if (m.contactId) {
        const contact = await Contact.setOptOut({ orgId: m.orgId, id: m.contactId, channel: "sms", optedOut }).catch((err) => {
          // Erased a moment ago: the marker alone keeps the opt-out.
          if (err instanceof VisibleError && err.kind === "not_found") return undefined;
          throw err;
        });
        if (!contact) await Contact.suppressAddress({ orgId: m.orgId, kind: "phone", address: message.from, optedOut });
        locale ??= contact ? Message.localeOf(contact.language) : undefined;
      } else await Contact.suppressAddress({ orgId: m.orgId, kind: "phone", address: message.from, optedOut });
      Log.info(optedOut ? "optout.sms_stop" : "optout.sms_start", { orgId: m.orgId });
    }
    const org = names.length ? [...new Set(names)].slice(0, 2).join(" / ") : "School surveys";
    const replyLocale = locale ?? found.locale;
    const kind = found.keyword === "stop" ? "stopped" : found.keyword === "start" ? "started" : "help";
    const text = Message.reply(kind, replyLocale, org).text;
    return { keyword: found.keyword, organisations: markers.length, reply: { to: message.from, from: message.to, text, locale: replyLocale } };
  });
}

async function contactLanguage(orgId: string, contactId: string) {
  const item = await Store.get(Contact.key(orgId, contactId));
  return item ? Message.localeOf(String(item.language)) : undefined;
}
