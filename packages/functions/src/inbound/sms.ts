// Inbound SMS (SNS from AWS End User Messaging): STOP/HELP keywords (the distribution issue fills this in).
import type { SNSEvent } from "aws-lambda";
import { Log } from "@feedback/core/log";

export const handler = async (event: SNSEvent) =>
  Log.withRequest(undefined, async () => {
    Log.info("sms.inbound", { count: event.Records.length });
  });
