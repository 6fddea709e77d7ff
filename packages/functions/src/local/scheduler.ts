// The local stand-in for EventBridge: runs each job on its schedule, one run at a time per job (a
// slow run is never overlapped by the next tick), and once shortly after start.
import { Log } from "@feedback/core/log";
import type { Job } from "../jobs";

export function startScheduler(list: Job[], opts: { firstRunAfterMs?: number } = {}) {
  const timers: NodeJS.Timeout[] = [];
  for (const job of list) {
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await Log.withRequest(undefined, () => job.run());
      } catch (error) {
        // A failed run is logged and retried at the next tick, as EventBridge would.
        Log.error("job.failed", { job: job.name, error });
      } finally {
        running = false;
      }
    };
    timers.push(setTimeout(tick, opts.firstRunAfterMs ?? 2_000));
    timers.push(setInterval(tick, job.schedule.minutes * 60_000));
  }
  return { stop: () => timers.forEach((t) => clearTimeout(t)) };
}

/** Runs one job now (the console's "run now"). */
export async function runNow(job: Job) {
  return Log.withRequest(undefined, () => job.run());
}
