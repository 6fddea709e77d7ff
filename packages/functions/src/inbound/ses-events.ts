// SES bounce and complaint notifications (SNS) (the distribution issue fills this in).
import type { SNSEvent } from "aws-lambda";
import { Log } from "@feedback/core/log";

export const handler = async (event: SNSEvent) =>
  Log.withRequest(undefined, async () => {
    Log.info("ses.event", { count: event.Records.length });
  });
