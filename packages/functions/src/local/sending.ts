// Sending on one machine: the in-process queue (SQS's semantics) drained by the very handler the send
// worker Lambda runs, the SMS outbox standing in for the carrier, and on first start the demo launch.
//
// Local defaults, set only here:
// - SMS_SEND_HOURS=any: texts go out whatever the time, so the demo's texts show at once. Everywhere
//   else (AWS, tests) the hours are 08:00–20:00 in the organisation's time zone; set
//   SMS_SEND_HOURS=08:00-20:00 to see texts wait locally too.
// - SEND_WORKERS=1 (one process paces for the whole rate) and rates above SES's and a toll-free
//   number's, since neither the emulator nor the outbox has a quota.
import { Distribution } from "@feedback/core/distribution";
import { Log } from "@feedback/core/log";
import { Queue } from "@feedback/core/queue";
import { Texter } from "@feedback/core/texter";
import { handler } from "../workers/send";
import { launchDemo } from "./demo-launch";

/** The outbox the /dev/sms pages read; its table is resolved when first used. */
export const outbox = new Texter.Outbox();

export function startSending() {
  process.env.SMS_SEND_HOURS ??= "any";
  process.env.SEND_WORKERS ??= "1";
  process.env.SEND_RATE_EMAIL ??= "50";
  process.env.SEND_RATE_SMS ??= "20";
  const queue = new Queue.LocalQueue();
  Queue.configure(queue);
  Texter.configure(outbox);
  const consumer = queue.consume((event) => handler(event), {
    concurrency: 2,
    onError: (error) => Log.error("send.consumer", { error }),
  });
  return { queue, stop: consumer.stop };
}

/**
 * After the seed: on first start, launch the demo survey to its demo contacts; on later starts, queue
 * again whatever was waiting to be sent when the stack stopped (the in-process queue does not survive
 * a restart; the worker's claims make anything queued twice harmless).
 */
export async function afterSeed(seeded: boolean) {
  if (seeded) return launchDemo();
  const { count } = await Distribution.recover();
  return { invited: 0, requeued: count };
}
