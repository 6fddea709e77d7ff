// Scheduled jobs on EventBridge. The schedules come from packages/functions/src/jobs/index.ts, the
// same table the local runtime schedules from, so a job runs as often in AWS as it does on a laptop.
// Both jobs are idempotent (a (survey, partner, period) summary is sent once; a reminder is claimed
// before it is queued), so Lambda's automatic retries of a failed run are safe.
import { Cron, Function, use, type StackContext } from "sst/constructs";
import { jobs } from "../packages/functions/src/jobs/index";
import { enqueue, sendEmail, tableAccess } from "./access";
import { monitor } from "./alarms";
import { Api } from "./api";
import { Messaging } from "./messaging";
import { Storage } from "./storage";

/** EventBridge's rate syntax: singular unit for 1, hours when the period is whole hours. */
export function rateExpression(minutes: number): `rate(${string})` {
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`Invalid job period: ${minutes} minutes`);
  if (minutes % 60 === 0) return minutes === 60 ? "rate(1 hour)" : `rate(${minutes / 60} hours)`;
  return minutes === 1 ? "rate(1 minute)" : `rate(${minutes} minutes)`;
}

export function Jobs({ stack }: StackContext) {
  const { table, secrets } = use(Storage);
  const { sendQueue, email } = use(Messaging);
  const { api } = use(Api);

  const summarise = new Function(stack, "SummariseJob", {
    description: "Folds new responses into tallies and emails due partner summaries",
    handler: "packages/functions/src/jobs/summarise.handler",
    timeout: "5 minutes",
    environment: {
      TABLE_NAME: table.tableName,
      SES_CONFIGURATION_SET: email.configurationSetName,
      SENDER_EMAIL: email.senderEmail,
      PUBLIC_URL: api.url,
    },
    permissions: [
      // Read responses and partners, write tallies, claim each (survey, partner, period) send.
      tableAccess(table, ["GetItem", "Query", "PutItem", "UpdateItem", "ConditionCheckItem"]),
      sendEmail(email),
    ],
  });

  const remind = new Function(stack, "RemindJob", {
    description: "Queues reminders for invitations not yet answered",
    handler: "packages/functions/src/jobs/remind.handler",
    timeout: "5 minutes",
    environment: { TABLE_NAME: table.tableName, SEND_QUEUE_URL: sendQueue.queueUrl },
    bind: [secrets.TOKEN_SECRET],
    permissions: [tableAccess(table, ["GetItem", "Query", "UpdateItem"]), enqueue(sendQueue)],
  });

  const retention = new Function(stack, "RetentionJob", {
    description: "Closes surveys past their close date and stamps the expiry of closed surveys' responses",
    handler: "packages/functions/src/jobs/retention.handler",
    timeout: "5 minutes",
    environment: { TABLE_NAME: table.tableName },
    // Close a survey (a transaction of updates), follow it for its final summary (PutItem), stamp items.
    permissions: [tableAccess(table, ["GetItem", "Query", "PutItem", "UpdateItem"])],
  });

  new Cron(stack, "SummariseSchedule", { schedule: rateExpression(jobs.summarise.schedule.minutes), job: summarise });
  new Cron(stack, "RemindSchedule", { schedule: rateExpression(jobs.remind.schedule.minutes), job: remind });
  new Cron(stack, "RetentionSchedule", { schedule: rateExpression(jobs.retention.schedule.minutes), job: retention });

  monitor(stack);

  return { summarise, remind, retention };
}
