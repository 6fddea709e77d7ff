// Least privilege, spelled out. Every function gets explicit statements built here instead of SST's
// `bind: [table]` or `permissions: ["dynamodb"]`, which grant `dynamodb:*` (and `sqs:*`, `sns:*`) on the
// whole resource. A function's list of actions is therefore its real contract with AWS, and
// infra/privilege.suite.ts pins each list so that widening one is a visible, reviewed change.
import { Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { Queue, Table } from "sst/constructs";

/**
 * DynamoDB item actions. There is no IAM action for `TransactWriteItems` or `TransactGetItems`:
 * each operation inside a transaction is authorised by its own action (`Put` by `PutItem`, `Update`
 * by `UpdateItem`, `Delete` by `DeleteItem`, `ConditionCheck` by `ConditionCheckItem`). So "may write
 * a response and mark its invitation in one transaction" is `PutItem` + `UpdateItem`, nothing more.
 * `Scan` is deliberately absent: every access pattern is a key lookup or a Query.
 */
export type DynamoAction =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "BatchWriteItem"
  | "ConditionCheckItem";

/** The table and its GSIs (Query on an index is authorised against `table/<name>/index/<gsi>`). */
export function tableAccess(table: Table, actions: readonly DynamoAction[]) {
  return new PolicyStatement({
    actions: actions.map((action) => `dynamodb:${action}`),
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });
}

/** Enqueue only (SendMessageBatch is authorised by `sqs:SendMessage`). Consuming comes from the event source. */
export function enqueue(queue: Queue) {
  return new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] });
}

/**
 * SES v2 `SendEmail` checks the sending identity and the configuration set named in the request, so
 * the statement names exactly ours: mail can only leave from our domain, and always through the
 * configuration set that reports bounces and complaints.
 */
export function sendEmail(email: { identityArn: string; configurationSetArn: string }) {
  return new PolicyStatement({
    actions: ["ses:SendEmail"],
    resources: [email.identityArn, email.configurationSetArn],
  });
}

/**
 * AWS End User Messaging SMS (`sms-voice`). Phone numbers, pools and sender ids are ordered and
 * registered by hand (10DLC / toll-free registration), not by this app, so the statement is limited to
 * this account's and region's origination identities and opt-out lists rather than to one ARN.
 */
export function sendSms(stack: Stack) {
  const arn = (resource: string) => `arn:${stack.partition}:sms-voice:${stack.region}:${stack.account}:${resource}`;
  return new PolicyStatement({
    actions: ["sms-voice:SendTextMessage"],
    resources: ["phone-number/*", "pool/*", "sender-id/*", "opt-out-list/*", "configuration-set/*"].map(arn),
  });
}
