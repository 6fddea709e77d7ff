// Monitoring: one SNS topic that every alarm notifies, plus the helper each stack calls last so that
// every function it created gets an Errors alarm and 30-day log retention, and every dead-letter queue
// gets an alarm. Nothing here is optional per function: a new function in a stack is covered by the
// same call, and infra/stacks.suite.ts fails if one is not.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { use, type Stack, type StackContext } from "sst/constructs";

export function Monitoring({ stack }: StackContext) {
  const alarmTopic = new Topic(stack, "AlarmTopic");
  // Who hears about alarms is a deployment choice: `ALARM_EMAIL=ops@district.org sst deploy`.
  const email = process.env.ALARM_EMAIL;
  if (email) alarmTopic.addSubscription(new EmailSubscription(email));
  stack.addOutputs({ AlarmTopicArn: alarmTopic.topicArn });
  return { alarmTopic };
}

/**
 * Call at the end of a stack. Functions: Errors > 0 in any 5 minutes (a job that throws once an hour
 * must page, not average away), and their own log group with a retention, because Lambda's default
 * group keeps logs forever and logs are data we should not keep longer than needed. Dead-letter queues:
 * any visible message means something was given up on (an invitation not sent, a STOP not recorded).
 */
export function monitor(stack: Stack, deadLetterQueues: Record<string, IQueue> = {}) {
  const action = new SnsAction(use(Monitoring).alarmTopic);

  for (const fn of stack.getAllFunctions()) {
    const id = fn.node.id;
    const logGroup = new LogGroup(stack, `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    (fn.node.defaultChild as CfnFunction).loggingConfig = { logGroup: logGroup.logGroupName };

    new Alarm(stack, `${id}Errors`, {
      alarmDescription: `${id} threw or timed out`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }

  for (const [id, queue] of Object.entries(deadLetterQueues)) {
    new Alarm(stack, `${id}NotEmpty`, {
      alarmDescription: `${id} holds messages that were given up on`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }
}
