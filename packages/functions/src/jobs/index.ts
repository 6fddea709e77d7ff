// The scheduled jobs, in one place, with their schedules. EventBridge runs them in AWS (infra/jobs.ts
// reads the same schedules); the local runtime runs the same `run` functions on the same schedules.
import { Log } from "@feedback/core/log";
import { Actor } from "@feedback/core/actor";
import { Distribution } from "@feedback/core/distribution";
import { Retention } from "@feedback/core/retention";
import { summarise } from "./summaries";

export type Job = { name: string; schedule: { minutes: number }; run: () => Promise<{ count: number }> };

function job(name: string, minutes: number, work: () => Promise<{ count: number }>): Job {
  return {
    name,
    schedule: { minutes },
    async run() {
      const started = Date.now();
      Log.info("job.start", { job: name });
      const result = await work();
      Log.info("job.done", { job: name, count: result.count, durationMs: Date.now() - started });
      return result;
    },
  };
}

export const jobs = {
  // Folds new responses into tallies and sends the partner summaries that are due (jobs/summaries.ts).
  summarise: job("summarise", 60, summarise),
  // Re-invites families who have not answered (at most N times, D days apart, never after close), and
  // queues again any invitation whose queue message was lost (core distribution/remind.ts).
  remind: job("remind", 60, () => Distribution.remind()),
  // Closes surveys whose close date has passed and finishes stamping (or clearing) the expiry of every
  // survey closed or reopened since (DESIGN §3 rule 7; core retention/index.ts).
  retention: job("retention", 60, () => Actor.provide({ type: "system" }, () => Retention.sweep(4 * 60_000))),
} satisfies Record<string, Job>;
