// SES bounce, complaint and delivery notifications (SNS, from the configuration set). Core marks the
// contact's address (bounced, complained and opted out) and the invitation's status, finding both by
// the ids tagged on each email, never by the address.
import type { SNSEvent } from "aws-lambda";
import { Distribution } from "@feedback/core/distribution";
import { Log } from "@feedback/core/log";

export const handler = async (event: Pick<SNSEvent, "Records">) =>
  Log.withRequest(undefined, async () => {
    for (const record of event.Records) {
      let message: unknown;
      try {
        message = JSON.parse(record.Sns.Message);
      } catch {
        message = undefined;
      }
      if (!message || typeof message !== "object") {
        // Not an SES event (SNS's subscription confirmation goes elsewhere): retrying cannot fix it.
        Log.error("ses.event_invalid", { code: "input.invalid" });
        continue;
      }
      const outcome = await Distribution.sesEvent(message);
      Log.info("ses.event", { code: outcome });
    }
  });
