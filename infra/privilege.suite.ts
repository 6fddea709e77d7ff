// Least privilege, checked on the synthesised CloudFormation. Each function's permissions are pinned
// exactly (action -> resources), so granting anything new, or widening a resource, fails here until
// this file is changed with it. DESIGN §1: "the form function cannot send email".
import { beforeAll, describe, expect, it } from "vitest";
import { sharedSynthesis, type Synth } from "./synth";

const HANDLERS = {
  form: "packages/functions/src/form/lambda.handler",
  unsubscribe: "packages/functions/src/unsubscribe/lambda.handler",
  api: "packages/functions/src/api/lambda.handler",
  send: "packages/functions/src/workers/send.handler",
  summarise: "packages/functions/src/jobs/summarise.handler",
  remind: "packages/functions/src/jobs/remind.handler",
  retention: "packages/functions/src/jobs/retention.handler",
  inboundSms: "packages/functions/src/inbound/sms.handler",
  sesEvents: "packages/functions/src/inbound/ses-events.handler",
} as const;
type Name = keyof typeof HANDLERS;

const TABLE = ["{Storage:Table.Arn}", "{Storage:Table.Arn}/index/*"];
const arn = (service: string, resource: string) => `arn:{AWS::Partition}:${service}:\${region}:\${account}:${resource}`;
const EMAIL = [
  arn("ses", "configuration-set/{Messaging:EmailConfigurationSet}"),
  arn("ses", "identity/{Messaging:EmailIdentity}"),
].sort();
const SEND_QUEUE = ["{Messaging:SendQueue.Arn}"];
const SMS = ["configuration-set/*", "opt-out-list/*", "phone-number/*", "pool/*", "sender-id/*"].map((r) =>
  arn("sms-voice", r),
);
const SSM = (...paths: string[]) => paths.map((path) => arn("ssm", `parameter${path}`)).sort();
const secret = (name: string) => [
  `/sst/school-feedback/test/Secret/${name}/value`,
  `/sst/school-feedback/.fallback/Secret/${name}/value`,
];

const dynamo = (...actions: string[]) => Object.fromEntries(actions.map((a) => [`dynamodb:${a}`, TABLE]));
const SQS_CONSUME = ["ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ReceiveMessage"];

/** Exactly what each function may do. Nothing else may appear in its role. */
const EXPECTED: Record<Name, Record<string, string[]>> = {
  form: {
    ...dynamo("GetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"),
    "ssm:GetParameters": SSM(...secret("TOKEN_SECRET")),
  },
  unsubscribe: {
    ...dynamo("GetItem", "PutItem", "UpdateItem"),
    "ssm:GetParameters": SSM(...secret("TOKEN_SECRET")),
  },
  api: {
    ...dynamo("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "ConditionCheckItem"),
    "ses:SendEmail": EMAIL,
    "sqs:SendMessage": SEND_QUEUE,
    "ssm:GetParameters": SSM(
      ...secret("TOKEN_SECRET"),
      ...secret("SESSION_SECRET"),
      "/sst/school-feedback/test/StaticSite/Console/url",
    ),
  },
  send: {
    ...dynamo("GetItem", "Query", "UpdateItem", "ConditionCheckItem"),
    "ses:SendEmail": EMAIL,
    "sms-voice:SendTextMessage": SMS,
    ...Object.fromEntries(SQS_CONSUME.map((a) => [`sqs:${a}`, SEND_QUEUE])),
    "ssm:GetParameters": SSM(...secret("TOKEN_SECRET")),
  },
  summarise: {
    ...dynamo("GetItem", "Query", "PutItem", "UpdateItem", "ConditionCheckItem"),
    "ses:SendEmail": EMAIL,
  },
  remind: {
    ...dynamo("GetItem", "Query", "UpdateItem"),
    "sqs:SendMessage": SEND_QUEUE,
    "ssm:GetParameters": SSM(...secret("TOKEN_SECRET")),
  },
  // Closes surveys past their close date, follows them for their final summary, stamps expiry.
  retention: dynamo("GetItem", "Query", "PutItem", "UpdateItem"),
  inboundSms: {
    ...dynamo("GetItem", "Query", "PutItem", "UpdateItem"),
    "sms-voice:SendTextMessage": SMS, // replies to STOP, START and HELP
    "sqs:SendMessage": ["{Workers:InboundSmsDeadLetterQueue.Arn}"], // failed events to its own DLQ
  },
  sesEvents: {
    ...dynamo("GetItem", "Query", "PutItem", "UpdateItem"),
    "sqs:SendMessage": ["{Workers:EmailEventsDeadLetterQueue.Arn}"],
  },
};

let synth: Synth;
beforeAll(async () => {
  synth = await sharedSynthesis();
}, 120_000);

const permissionsOf = (name: Name) => synth.permissions(synth.fn(HANDLERS[name]));
const actionsOf = (name: Name) => Object.keys(permissionsOf(name));

describe("least privilege per function", () => {
  it.each(Object.keys(HANDLERS) as Name[])("%s has exactly its pinned actions on exactly its resources", (name) => {
    expect(permissionsOf(name)).toEqual(EXPECTED[name]);
  });

  it.each(Object.keys(HANDLERS) as Name[])("%s's role has no managed policy beyond basic logging", (name) => {
    expect(synth.managedPolicies(synth.fn(HANDLERS[name]))).toEqual([
      "arn:{AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ]);
  });

  it("the form function cannot send email or SMS, touch a queue, or use a dynamodb wildcard", () => {
    const actions = actionsOf("form");
    expect(actions.filter((a) => /^(ses|sesv2|sms-voice|sns|sqs):/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
    expect(actions).not.toContain("dynamodb:Scan");
  });

  it("only the send worker (invitations) and the inbound SMS handler (keyword replies) can send SMS", () => {
    const senders = (Object.keys(HANDLERS) as Name[]).filter((n) => actionsOf(n).some((a) => a.startsWith("sms-voice:")));
    expect(senders.sort()).toEqual(["inboundSms", "send"]);
  });

  it("only the API, the send worker and the summary job can send email", () => {
    const senders = (Object.keys(HANDLERS) as Name[]).filter((n) => actionsOf(n).some((a) => a.startsWith("ses:")));
    expect(senders.sort()).toEqual(["api", "send", "summarise"]);
  });

  it("only the API and the remind job can enqueue invitations", () => {
    const enqueuers = (Object.keys(HANDLERS) as Name[]).filter((n) =>
      (permissionsOf(n)["sqs:SendMessage"] ?? []).includes("{Messaging:SendQueue.Arn}"),
    );
    expect(enqueuers.sort()).toEqual(["api", "remind"]);
  });

  it("every dynamodb statement is scoped to the table and its indexes", () => {
    for (const fn of synth.functions()) {
      for (const [action, resources] of Object.entries(synth.permissions(fn))) {
        if (action.startsWith("dynamodb:")) expect({ fn: fn.id, action, resources }).toEqual({ fn: fn.id, action, resources: TABLE });
      }
    }
  });

  it("there are exactly the seven functions above, each found by its handler", () => {
    expect(synth.functions().map((f) => f.resource.Properties?.Handler).sort()).toEqual(Object.values(HANDLERS).sort());
  });
});

describe("no broad grants anywhere in the app (including SST's and CDK's own roles)", () => {
  it("no Allow statement has Resource \"*\"", () => {
    const broad = synth
      .allIdentityStatements()
      .filter(({ statement }) => statement.Effect === "Allow" && [statement.Resource].flat().includes("*"));
    expect(broad.map(({ stack, id, statement }) => ({ stack, id, action: statement.Action }))).toEqual([]);
  });

  it("no action is a wildcard (\"*\", \"dynamodb:*\", \"s3:*\", …)", () => {
    const wild = synth
      .allIdentityStatements()
      .flatMap(({ stack, id, statement }) =>
        [statement.Action].flat().filter((a: string) => a.includes("*")).map((action: string) => ({ stack, id, action })),
      );
    expect(wild).toEqual([]);
  });
});
