// The channels between the functions and the outside world. The consumers live in infra/workers.ts
// (they need the public URL from infra/api.ts, and the API needs the send queue from here):
// - the send queue: launching a survey and the remind job enqueue invitations; the send worker drains
//   it at a bounded concurrency so that SES and SMS quotas hold. Five failed receives move a message to
//   the dead-letter queue, which alarms, so no invitation is lost silently;
// - SES: the sending domain and a configuration set whose bounces and complaints go to an SNS topic
//   (the ses-events handler suppresses those addresses) and to SES's account-level suppression list;
// - inbound SMS: the SNS topic that AWS End User Messaging publishes two-way SMS (STOP, HELP) to.
import { Duration, type Stack } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { QueueEncryption, Queue as SqsQueue } from "aws-cdk-lib/aws-sqs";
import { Queue, Topic, type StackContext } from "sst/constructs";
import { monitor } from "./alarms";

/** The send worker's timeout. The queue's visibility timeout is six times it (AWS's advice for Lambda). */
export const SEND_WORKER_TIMEOUT_SECONDS = 30;
export const SEND_MAX_RECEIVE_COUNT = 5;

/** A dead-letter queue: kept for the maximum 14 days, so that there is time to inspect and redrive. */
export function deadLetterQueue(stack: Stack, id: string) {
  return new SqsQueue(stack, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}

export function Messaging({ stack }: StackContext) {
  const sendDeadLetters = deadLetterQueue(stack, "SendDeadLetterQueue");
  const sendQueue = new Queue(stack, "SendQueue", {
    cdk: {
      queue: {
        visibilityTimeout: Duration.seconds(SEND_WORKER_TIMEOUT_SECONDS * 6),
        deadLetterQueue: { queue: sendDeadLetters, maxReceiveCount: SEND_MAX_RECEIVE_COUNT },
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      },
    },
  });

  // Deployment settings, not secrets: `EMAIL_DOMAIN=district.org sst deploy --stage prod`.
  const domain = process.env.EMAIL_DOMAIN ?? "example.org";
  const senderEmail = process.env.SENDER_EMAIL ?? `feedback@${domain}`;

  const emailEvents = new Topic(stack, "EmailEvents");
  const configurationSet = new ConfigurationSet(stack, "EmailConfigurationSet", {
    reputationMetrics: true,
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });
  // Adds the topic policy that lets SES (for this configuration set only) publish.
  configurationSet.addEventDestination("BouncesAndComplaints", {
    destination: EventDestination.snsTopic(emailEvents.cdk.topic),
    // Deliveries too: they mark invitations delivered, and settle one whose send was interrupted.
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY],
  });
  // The configuration set is also the identity's default, so a send that forgets to name it is still tracked.
  const identity = new EmailIdentity(stack, "EmailIdentity", { identity: Identity.domain(domain), configurationSet });

  const inboundSms = new Topic(stack, "InboundSms");
  inboundSms.cdk.topic.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal("sms-voice.amazonaws.com")],
      actions: ["sns:Publish"],
      resources: [inboundSms.topicArn],
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
  );

  monitor(stack, { SendDeadLetterQueue: sendDeadLetters });

  stack.addOutputs({
    SendQueueUrl: sendQueue.queueUrl,
    // Point the two-way SMS channel of the phone number or pool (ordered by hand) at this topic.
    InboundSmsTopicArn: inboundSms.topicArn,
    // Publish these three CNAMEs in the domain's DNS to verify it for SES (Easy DKIM).
    ...Object.fromEntries(
      identity.dkimRecords.map((record, i) => [`DkimRecord${i + 1}`, `${record.name} CNAME ${record.value}`]),
    ),
  });

  return {
    sendQueue,
    sendDeadLetters,
    inboundSms,
    emailEvents,
    email: {
      senderEmail,
      identityArn: identity.emailIdentityArn,
      configurationSetName: configurationSet.configurationSetName,
      configurationSetArn: stack.formatArn({
        service: "ses",
        resource: "configuration-set",
        resourceName: configurationSet.configurationSetName,
      }),
    },
  };
}
