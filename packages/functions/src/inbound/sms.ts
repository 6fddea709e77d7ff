// Inbound SMS (SNS from AWS End User Messaging two-way SMS, and the local outbox's "reply"): STOP,
// START and HELP in the supported languages (core optout). The reply (a confirmation, or the HELP
// text) goes back from the number the family texted, in their language. The phone number configuration
// has self-managed opt-outs on, so these replies are ours and nobody else's (README, Deploy).
import type { SNSEvent } from "aws-lambda";
import * as z from "zod";
import { Log } from "@feedback/core/log";
import { OptOut } from "@feedback/core/optout";
import { Texter } from "@feedback/core/texter";

/** The two-way SMS message End User Messaging publishes to the topic. */
const Inbound = z.object({ originationNumber: z.string(), destinationNumber: z.string(), messageBody: z.string() }).loose();

export async function receive(message: unknown) {
  const parsed = Inbound.safeParse(message);
  if (!parsed.success) {
    // Not a two-way SMS event: retrying cannot make it one. Logged without its content.
    Log.error("sms.inbound_invalid", { code: "input.invalid" });
    return undefined;
  }
  const m = parsed.data;
  const result = await OptOut.inboundSms({ from: m.originationNumber, to: m.destinationNumber, text: m.messageBody });
  if (result.reply) await Texter.send({ to: result.reply.to, from: result.reply.from, body: result.reply.text });
  Log.info("sms.inbound", { code: result.keyword ?? "none", count: result.organisations });
  return result;
}

export const handler = async (event: Pick<SNSEvent, "Records">) =>
  Log.withRequest(undefined, async () => {
    for (const record of event.Records) {
      let message: unknown;
      try {
        message = JSON.parse(record.Sns.Message);
      } catch {
        message = undefined;
      }
      await receive(message);
    }
  });
