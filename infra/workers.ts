// Event-driven functions: the send worker (SQS) and the two inbound handlers (SNS).
// They come after infra/api.ts because invitation links point at the HTTP API (PUBLIC_URL).
import { Function, use, type StackContext } from "sst/constructs";
import { sendEmail, sendSms, tableAccess } from "./access";
import { monitor } from "./alarms";
import { Api } from "./api";
import { deadLetterQueue, Messaging, SEND_MAX_RECEIVE_COUNT, SEND_WORKER_TIMEOUT_SECONDS } from "./messaging";
import { Storage } from "./storage";

export function Workers({ stack }: StackContext) {
  const { table, secrets } = use(Storage);
  const { sendQueue, inboundSms, emailEvents, email } = use(Messaging);
  const { api } = use(Api);

  // At most this many send workers run at once (the event source's floor is 2). With the worker's own
  // pacing, this is what keeps a 50,000-invitation launch inside the SES and SMS sending quotas instead
  // of fanning out to hundreds of concurrent Lambdas.
  const maxConcurrency = Number(process.env.SEND_MAX_CONCURRENCY ?? 2);

  const sendWorker = new Function(stack, "SendWorker", {
    description: "Sends queued invitations and reminders by email or SMS",
    handler: "packages/functions/src/workers/send.handler",
    timeout: SEND_WORKER_TIMEOUT_SECONDS,
    environment: {
      TABLE_NAME: table.tableName,
      SES_CONFIGURATION_SET: email.configurationSetName,
      SENDER_EMAIL: email.senderEmail,
      PUBLIC_URL: api.url,
      // The worker paces itself at its share of SEND_RATE_EMAIL / SEND_RATE_SMS (per second, for the whole
      // deployment; defaults 14 and 1): one share per concurrent worker. On its last receive it records a
      // failure before the queue moves the message to the dead-letter queue.
      SEND_WORKERS: String(maxConcurrency),
      SEND_MAX_RECEIVE_COUNT: String(SEND_MAX_RECEIVE_COUNT),
      ...(process.env.SEND_RATE_EMAIL ? { SEND_RATE_EMAIL: process.env.SEND_RATE_EMAIL } : {}),
      ...(process.env.SEND_RATE_SMS ? { SEND_RATE_SMS: process.env.SEND_RATE_SMS } : {}),
      ...(process.env.SMS_ORIGINATION_IDENTITY ? { SMS_ORIGINATION_IDENTITY: process.env.SMS_ORIGINATION_IDENTITY } : {}),
    },
    bind: [secrets.TOKEN_SECRET],
    permissions: [
      // Read the invitation and contact, claim the send and record the result with conditional updates
      // (that is what makes a retry never send twice).
      tableAccess(table, ["GetItem", "Query", "UpdateItem", "ConditionCheckItem"]),
      sendEmail(email),
      sendSms(stack),
    ],
  });
  // Receive/delete/change-visibility on this queue come with the event source. A failed message is
  // reported on its own (batchItemFailures), so one bad address does not resend the other nine.
  sendQueue.addConsumer(stack, {
    function: sendWorker,
    cdk: { eventSource: { batchSize: 10, reportBatchItemFailures: true, maxConcurrency } },
  });

  // SNS invokes Lambda asynchronously: after Lambda's own retries a failed event would be dropped. A STOP
  // that is dropped means messaging someone who opted out, so failures land in an alarmed queue.
  const inboundSmsDeadLetters = deadLetterQueue(stack, "InboundSmsDeadLetterQueue");
  const inboundSmsHandler = new Function(stack, "InboundSmsHandler", {
    description: "Inbound SMS: STOP, START, HELP and their translations",
    handler: "packages/functions/src/inbound/sms.handler",
    environment: { TABLE_NAME: table.tableName },
    deadLetterQueue: inboundSmsDeadLetters,
    permissions: [
      // Find the sender's number's markers (Query), opt the contacts out or back in (UpdateItem).
      tableAccess(table, ["GetItem", "Query", "PutItem", "UpdateItem"]),
      // Confirm STOP and START and answer HELP in the family's language, from the number they texted
      // (the number's self-managed opt-outs are on, so these answers are ours: README, Deploy).
      sendSms(stack),
    ],
  });
  inboundSms.addSubscribers(stack, { handler: { function: inboundSmsHandler } });

  const emailEventsDeadLetters = deadLetterQueue(stack, "EmailEventsDeadLetterQueue");
  const emailEventsHandler = new Function(stack, "EmailEventsHandler", {
    description: "SES bounces and complaints: suppress the address",
    handler: "packages/functions/src/inbound/ses-events.handler",
    environment: { TABLE_NAME: table.tableName },
    deadLetterQueue: emailEventsDeadLetters,
    permissions: [tableAccess(table, ["GetItem", "Query", "PutItem", "UpdateItem"])],
  });
  emailEvents.addSubscribers(stack, { handler: { function: emailEventsHandler } });

  monitor(stack, {
    InboundSmsDeadLetterQueue: inboundSmsDeadLetters,
    EmailEventsDeadLetterQueue: emailEventsDeadLetters,
  });

  return { sendWorker, inboundSmsHandler, emailEventsHandler };
}
