// Unsubscribing from partner summaries (DESIGN §4 Opt-out: one click, RFC 8058; never messaged again by
// that organisation). Public: the link's token is the only credential, so there is no actor to check.
//
// Kept apart from the rest of Summary, with the fewest imports, because the page that calls it is
// served by the family form's function, whose bundle must stay small and must not carry the mailer,
// the renderer or the contact importer.
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Actor } from "../../actor";
import { Clock } from "../../clock";
import { Log } from "../../log";
import { Organisation } from "../../organisation";
import { Store } from "../../store";
import { hash } from "../../util";
import { optOutKey, unsubscribeKey } from "../summary.dynamo";

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

async function target(token: string) {
  if (!TOKEN.test(token)) return undefined;
  const item = await Store.get(unsubscribeKey(hash(token)));
  // TTL deletion is lazy, so expiry is also checked here.
  if (!item || Number(item.expiresAt) <= Clock.epochSeconds()) return undefined;
  // The token names the organisation; its name is read as the system (nobody is signed in here).
  const org = await Actor.provide({ type: "system" }, () => Organisation.get(String(item.orgId)));
  return { orgId: org.id, orgName: org.name, email: String(item.email), language: String(item.language) };
}

/** What an unsubscribe link is for (for its confirmation page), or undefined if it is not valid. */
export async function unsubscribeInfo(token: string) {
  return target(token);
}

/** Stops every summary from this organisation to the link's address. Idempotent. */
export async function unsubscribe(token: string) {
  const found = await target(token);
  if (!found) return undefined;
  await Store.client().send(new PutCommand({ TableName: Store.table(), Item: { ...optOutKey(found.orgId, found.email), type: "summary_optout", at: Clock.day() } }));
  Log.info("summary.unsubscribed", { orgId: found.orgId });
  return found;
}
