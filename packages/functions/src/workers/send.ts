// The send worker: SQS batches of up to 10 queued invitations and reminders (infra/workers.ts). Each
// record is delivered by core (distribution/send.ts), which claims the invitation before sending, so
// a redelivered message never sends twice. A record that must come back later (SMS hours, not sent
// yet) is reported as a batch item failure: SQS keeps only that one, and the others are deleted. The
// local runtime hands its in-process queue's batches to this same handler.
import "../secrets";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { Distribution } from "@feedback/core/distribution";
import { Log } from "@feedback/core/log";
import { Queue } from "@feedback/core/queue";

/** Must match the queue's redrive policy (infra/messaging.ts SEND_MAX_RECEIVE_COUNT). */
const MAX_RECEIVES = Number(process.env.SEND_MAX_RECEIVE_COUNT ?? 5);

type Records = Pick<SQSEvent["Records"][number], "messageId" | "receiptHandle" | "body" | "eventSourceARN"> & {
  attributes: Pick<SQSEvent["Records"][number]["attributes"], "ApproximateReceiveCount">;
};

export const handler = async (event: { Records: Records[] }, context?: Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">): Promise<SQSBatchResponse> =>
  Log.withRequest(context?.awsRequestId, async () => {
    const deadline = context ? Date.now() + context.getRemainingTimeInMillis() : undefined;
    const failures: { itemIdentifier: string }[] = [];
    const outcomes: Record<string, number> = {};
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const job = Distribution.Job.safeParse(body);
      if (!job.success) {
        // A message that is not ours will never become valid: logged (without its body) and dropped.
        Log.error("send.bad_message", { code: "input.invalid" });
        continue;
      }
      let outcome: Distribution.Outcome;
      try {
        outcome = await Distribution.deliver(job.data, {
          receiveCount: Number(record.attributes.ApproximateReceiveCount ?? 1),
          maxReceives: MAX_RECEIVES,
          deadline,
          defer: (seconds) => Queue.defer(record.receiptHandle, seconds, record.eventSourceARN),
        });
      } catch (error) {
        // This record fails alone (it comes back after the visibility timeout); the batch goes on.
        Log.error("send.error", { orgId: job.data.orgId, surveyId: job.data.surveyId, error });
        outcome = "retry";
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === "retry" || outcome === "deferred") failures.push({ itemIdentifier: record.messageId });
    }
    Log.info("send.batch", {
      count: event.Records.length,
      nSent: outcomes.sent ?? 0,
      nDuplicate: outcomes.duplicate ?? 0,
      nSkipped: outcomes.skipped ?? 0,
      nFailed: outcomes.failed ?? 0,
      nDeferred: outcomes.deferred ?? 0,
      nRetry: outcomes.retry ?? 0,
    });
    return { batchItemFailures: failures };
  });
