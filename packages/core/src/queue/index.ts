// The Queue port: invitations and reminders waiting to be sent. In AWS it is SQS (the send worker is
// its Lambda consumer, in batches of 10 with per-message failures); locally and in tests it is an
// in-process queue with SQS's semantics (local.ts), drained by the same worker code.
//
// The queue is allowed to deliver a message twice, or to lose one: exactly-once is not the queue's
// job. The worker claims each invitation with a conditional write before it sends (distribution/
// send.ts), and a launch can be run again to re-enqueue anything lost, so duplicates are harmless and
// losses recoverable. Messages carry ids only, never an address.
export * as Queue from "./index";

import { ChangeMessageVisibilityCommand, SQSClient, SendMessageBatchCommand } from "@aws-sdk/client-sqs";

export type Outgoing = { body: string; delaySeconds?: number };

export interface Adapter {
  send(messages: Outgoing[]): Promise<void>;
  /**
   * Keeps a received message hidden for `seconds` more (at most 12 hours), so it is received again
   * then instead of after the usual visibility timeout. `source` is the record's eventSourceARN.
   */
  defer(receiptHandle: string, seconds: number, source: string): Promise<void>;
}

let adapter: Adapter | undefined;

/** The local runtime and tests install their queue here; Lambdas use SQS from the environment. */
export function configure(next: Adapter | undefined) {
  adapter = next;
}

export function use(): Adapter {
  adapter ??= sqs();
  return adapter;
}

export const send = (messages: Outgoing[]) => use().send(messages);
export const defer = (receiptHandle: string, seconds: number, source: string) => use().defer(receiptHandle, seconds, source);

/** SQS's visibility timeout may not exceed 12 hours. */
export const MAX_DEFER_SECONDS = 43_200;

/** The queue URL of an SQS ARN (arn:aws:sqs:<region>:<account>:<name>). */
export function urlOf(arn: string) {
  const [, partition, , region, account, name] = arn.split(":");
  const domain = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://sqs.${region}.${domain}/${account}/${name}`;
}

export function sqs(opts: { queueUrl?: string; client?: SQSClient } = {}): Adapter {
  let client = opts.client;
  const get = () => (client ??= new SQSClient({ region: process.env.AWS_REGION ?? "us-east-1" }));
  return {
    async send(messages) {
      const url = opts.queueUrl ?? process.env.SEND_QUEUE_URL;
      if (!url) throw new Error("SEND_QUEUE_URL is not set for this function");
      const chunks: Outgoing[][] = [];
      for (let i = 0; i < messages.length; i += 10) chunks.push(messages.slice(i, i + 10));
      let next = 0;
      const worker = async () => {
        while (next < chunks.length) {
          const chunk = chunks[next++]!;
          let entries = chunk.map((m, i) => ({ Id: String(i), MessageBody: m.body, DelaySeconds: m.delaySeconds }));
          // SendMessageBatch can accept some entries and refuse others; the refused ones are retried.
          for (let attempt = 0; entries.length; attempt++) {
            const res = await get().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
            const failed = new Set((res.Failed ?? []).map((f) => f.Id));
            entries = entries.filter((e) => failed.has(e.Id));
            if (entries.length && attempt >= 5) throw new Error(`SQS refused ${entries.length} messages after retries`);
            if (entries.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(10, chunks.length) }, worker));
    },
    async defer(receiptHandle, seconds, source) {
      await get().send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: opts.queueUrl ?? urlOf(source),
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: Math.min(MAX_DEFER_SECONDS, Math.max(0, Math.round(seconds))),
        }),
      );
    },
  };
}

export { LocalQueue, LOCAL_ARN } from "./local";
export type { Received, Handler } from "./local";
