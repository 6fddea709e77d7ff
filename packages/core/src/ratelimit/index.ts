// Rate limits for public endpoints (token guessing, public-link submits, sign-in). Counters live in
// the table as fixed windows: pk RL#<bucket>#<sha256(key)>, sk <window start>, expiring (TTL) soon
// after the window. Privacy rule 3 (DESIGN §3): keys such as IP addresses are stored only hashed,
// the counters expire within hours, and they never touch responses.
export * as RateLimit from "./index";

import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "../clock";
import { VisibleError } from "../error";
import { Store } from "../store";
import { hash } from "../util";

export type Rule = { bucket: string; limit: number; windowSeconds: number };

const windowOf = (rule: Rule) => Math.floor(Clock.epochSeconds() / rule.windowSeconds) * rule.windowSeconds;
const key = (rule: Rule, subject: string) => ({ pk: `RL#${rule.bucket}#${hash(subject)}`, sk: String(windowOf(rule)) });

/**
 * Counts one attempt. Throws `rate_limited` (with `retryAfter` seconds) once the window's limit is
 * reached; the refused attempt is not counted, so the counter stops growing.
 */
export async function hit(rule: Rule, subject: string) {
  const k = key(rule, subject);
  try {
    await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: k,
        UpdateExpression: "ADD n :one SET expiresAt = if_not_exists(expiresAt, :exp)",
        ConditionExpression: "attribute_not_exists(n) OR n < :limit",
        ExpressionAttributeValues: { ":one": 1, ":limit": rule.limit, ":exp": Number(k.sk) + rule.windowSeconds + 3600 },
      }),
    );
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw limited(rule);
    throw err;
  }
}

/** Whether the subject is already over the limit, without counting (for checks before work is done). */
export async function check(rule: Rule, subject: string) {
  const item = await Store.get(key(rule, subject), { consistent: false });
  if (item && Number(item.n) >= rule.limit) throw limited(rule);
}

function limited(rule: Rule) {
  const retryAfter = windowOf(rule) + rule.windowSeconds - Clock.epochSeconds();
  return new VisibleError("rate_limited", "rate.limited", "Too many attempts. Please wait and try again.", { retryAfter, bucket: rule.bucket });
}
