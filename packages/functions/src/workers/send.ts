// SQS worker: sends queued invitations (the distribution issue fills this in).
import "../secrets";
import type { SQSEvent, SQSBatchResponse } from "aws-lambda";
import { Log } from "@feedback/core/log";

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  Log.withRequest(undefined, async () => {
    Log.info("send.batch", { count: event.Records.length });
    return { batchItemFailures: [] };
  });
