// SES events (bounces, complaints, deliveries), from the configuration set through SNS. Each email
// we send carries tags with ids only (organisation, contact, invitation key hash, round), so an event
// finds its contact and invitation without ever looking an address up.
//
// - A permanent bounce marks the contact's email as bounced (and its address marker, so a re-import
//   keeps it), and the invitation as bounced. Transient bounces (a full mailbox) change nothing.
// - A complaint ("this is spam") marks the email as complained and opts the contact out of email: we
//   never email that address again from this organisation.
// - A delivery marks the invitation delivered; it also settles an invitation recorded as "uncertain"
//   after a crash (send.ts): the email did go out.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Actor } from "../actor";
import { Contact } from "../contact";
import { VisibleError } from "../error";
import { Log } from "../log";
import { Store } from "../store";

const Tags = z.record(z.string(), z.array(z.string()));
const Event = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({ tags: Tags.optional() }).loose(),
  bounce: z.object({ bounceType: z.string() }).loose().optional(),
  complaint: z.object({}).loose().optional(),
});

const tag = (tags: Record<string, string[]> | undefined, name: string) => tags?.[name]?.[0];

async function markInvitation(tokenHash: string, status: "bounced" | "delivered", round: number | undefined) {
  const key = { pk: `INV#${tokenHash}`, sk: "INV" };
  // A delivery never overrides a bounce, and only concerns the round it was for.
  const condition =
    status === "delivered"
      ? "attribute_exists(pk) AND (#s = :sent OR (#s = :failed AND failure = :uncertain))" + (round !== undefined ? " AND sentRound = :r" : "")
      : "attribute_exists(pk)";
  try {
    await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: key,
        UpdateExpression: status === "delivered" ? "SET #s = :st REMOVE failure" : "SET #s = :st, failure = :why",
        ConditionExpression: condition,
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues:
          status === "delivered"
            ? { ":st": status, ":sent": "sent", ":failed": "failed", ":uncertain": "uncertain", ...(round !== undefined ? { ":r": round } : {}) }
            : { ":st": status, ":why": "bounced" },
      }),
    );
  } catch (err) {
    // Not ours to change (answered and gone, already bounced, a later round): the event is stale.
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
  }
}

/** Handles one SES event (the SNS message's JSON). Returns what it did, for logs and tests. */
export async function sesEvent(message: unknown): Promise<"bounced" | "complained" | "delivered" | "ignored"> {
  const parsed = Event.safeParse(message);
  if (!parsed.success) return "ignored";
  const event = parsed.data;
  const type = event.eventType ?? event.notificationType;
  const tags = event.mail.tags;
  const orgId = tag(tags, "org");
  const contactId = tag(tags, "contact");
  const invitation = tag(tags, "invitation");
  const roundTag = tag(tags, "round");
  const round = roundTag !== undefined ? Number(roundTag) : undefined;
  if (!orgId || !contactId) return "ignored"; // not an email we sent to a family (a sign-in code, a partner summary)
  return Actor.provide({ type: "system" }, async () => {
    const tolerateErased = (err: unknown) => {
      // Erased since: the marker keeps what must be remembered, there is no contact to update.
      if (!(err instanceof VisibleError && err.kind === "not_found")) throw err;
    };
    if (type === "Bounce") {
      if (event.bounce?.bounceType !== "Permanent") return "ignored";
      await Contact.setEmailStatus({ orgId, id: contactId, status: "bounced" }).catch(tolerateErased);
      if (invitation) await markInvitation(invitation, "bounced", round);
      Log.info("ses.bounce", { orgId });
      return "bounced";
    }
    if (type === "Complaint") {
      await Contact.setEmailStatus({ orgId, id: contactId, status: "complained" }).catch(tolerateErased);
      await Contact.setOptOut({ orgId, id: contactId, channel: "email", optedOut: true }).catch(tolerateErased);
      Log.info("ses.complaint", { orgId });
      return "complained";
    }
    if (type === "Delivery") {
      if (invitation) await markInvitation(invitation, "delivered", round);
      return "delivered";
    }
    return "ignored";
  });
}
