// HTTPS entry points: one HTTP API in front of the two Hono apps.
// - The form app (families) answers invitation links `/s/{token}`, public links `/p/...`, its assets
//   and, through `$default`, anything else that is not the API or an unsubscribe link.
// - The unsubscribe app answers one-click unsubscribe links from emails (`/u/{token}` for families,
//   `/unsubscribe/partner/{token}` for partners). It is its own function so that the form, cold-started
//   all through launch night, carries only what answering needs (see bench/RESULTS.md, bundles).
// - The API app (the coordinator console) answers `/api/...`. The console itself is static and is
//   served by CloudFront (infra/web.ts), which forwards `/api/*` here so that the console and the API
//   share one origin: the session cookie can stay SameSite and the CSRF check can rely on `Origin`.
// Each function gets only the actions it uses (infra/access.ts): the form cannot send email, send SMS
// or touch a queue.
import { Api as HttpApi, Function, use, type StackContext } from "sst/constructs";
import { enqueue, sendEmail, tableAccess } from "./access";
import { monitor } from "./alarms";
import { bundled } from "./bundling";
import { Messaging } from "./messaging";
import { Storage } from "./storage";

/**
 * Access log fields. SST's default format records the path, the caller's IP address and user agent.
 * The path of `/s/{token}` *is* the invitation token, and an IP next to it would tie a person to an
 * answer, so the log keeps the route template (`GET /s/{token}`) and timings only.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationLatency: "$context.integrationLatency",
});

export function Api({ stack }: StackContext) {
  const { table, secrets } = use(Storage);
  const { sendQueue, email } = use(Messaging);

  const formFunction = new Function(stack, "FormFunction", bundled({
    description: "Family survey forms (server-rendered)",
    handler: "packages/functions/src/form/lambda.handler",
    timeout: 10,
    environment: { TABLE_NAME: table.tableName },
    bind: [secrets.TOKEN_SECRET],
    permissions: [
      // Read the survey and invitation; save page drafts; store the response, mark the invitation
      // answered and delete the draft in one transaction; rate-limit counters.
      tableAccess(table, ["GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"]),
    ],
  }));

  const unsubscribeFunction = new Function(stack, "UnsubscribeFunction", bundled({
    description: "One-click unsubscribe links from emails (families and partners)",
    handler: "packages/functions/src/unsubscribe/lambda.handler",
    timeout: 10,
    environment: { TABLE_NAME: table.tableName },
    bind: [secrets.TOKEN_SECRET],
    permissions: [
      // Read the link and the organisation; set the contact's opt-out and its address marker, or
      // record a partner address's summary opt-out.
      tableAccess(table, ["GetItem", "PutItem", "UpdateItem"]),
    ],
  }));

  const apiFunction = new Function(stack, "ApiFunction", bundled({
    description: "Coordinator console JSON API",
    handler: "packages/functions/src/api/lambda.handler",
    timeout: 20,
    environment: {
      TABLE_NAME: table.tableName,
      SEND_QUEUE_URL: sendQueue.queueUrl,
      SES_CONFIGURATION_SET: email.configurationSetName,
      SENDER_EMAIL: email.senderEmail,
    },
    bind: [secrets.TOKEN_SECRET, secrets.SESSION_SECRET],
    permissions: [
      // Everything a coordinator manages, contact imports (BatchWriteItem) and erasure (DeleteItem).
      tableAccess(table, [
        "GetItem",
        "BatchGetItem",
        "Query",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "ConditionCheckItem",
      ]),
      sendEmail(email), // sign-in codes
      enqueue(sendQueue), // launching a survey queues its invitations
    ],
  }));

  const api = new HttpApi(stack, "Api", {
    accessLog: { format: ACCESS_LOG_FORMAT, retention: "one_month" },
    // A ceiling for the whole stage, sized for launch night (50,000 links sent, thousands of families
    // answering within the hour, each page a request); the apps rate-limit per client themselves.
    defaults: { throttle: { rate: 1000, burst: 2000 } },
    routes: {
      "GET /s/{token}": formFunction,
      "POST /s/{token}": formFunction,
      "ANY /s/{proxy+}": formFunction,
      "GET /p/{proxy+}": formFunction,
      "POST /p/{proxy+}": formFunction,
      "GET /assets/{proxy+}": formFunction,
      "GET /u/{token}": unsubscribeFunction,
      "POST /u/{token}": unsubscribeFunction,
      "GET /unsubscribe/{proxy+}": unsubscribeFunction,
      "POST /unsubscribe/{proxy+}": unsubscribeFunction,
      "ANY /api/{proxy+}": apiFunction,
      $default: formFunction,
    },
  });

  monitor(stack);
  stack.addOutputs({ ApiUrl: api.url });

  return { api, apiFunction, formFunction, unsubscribeFunction };
}
