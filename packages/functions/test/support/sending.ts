// Sending through the real path in tests: the in-process queue with SQS's semantics, the SMS outbox
// (a DynamoDB Local table), the SES emulator, and the Lambda's own handler draining the queue.
import { Distribution } from "@feedback/core/distribution";
import { Queue } from "@feedback/core/queue";
import { Texter } from "@feedback/core/texter";
import { handler } from "../../src/workers/send";

process.env.TOKEN_SECRET ??= "test-token-secret";
// Fast enough for tests; pacing itself has its own test.
process.env.SEND_RATE_EMAIL ??= "2000";
process.env.SEND_RATE_SMS ??= "2000";
process.env.SEND_WORKERS ??= "1";

export function localSending(opts: { duplicate?: boolean; now?: () => number; visibilityTimeoutMs?: number } = {}) {
  const queue = new Queue.LocalQueue(opts);
  const outbox = new Texter.Outbox();
  Queue.configure(queue);
  Texter.configure(outbox);
  Distribution.forgetCaches();
  return {
    queue,
    outbox,
    /** Runs the worker until nothing is visible in the queue; returns how many messages it received. */
    async drain(concurrency = 1) {
      let received = 0;
      for (;;) {
        const counts = await Promise.all(Array.from({ length: concurrency }, () => queue.runOnce(handler)));
        const n = counts.reduce((a, b) => a + b, 0);
        received += n;
        if (n === 0) return received;
      }
    },
  };
}

/** The link token in a text. */
export const tokenIn = (text: string) => /\/s\/([A-Za-z0-9_-]{22})/.exec(text)?.[1];
