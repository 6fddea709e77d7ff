// The resources themselves, checked on the synthesised CloudFormation: the table matches core's key
// schema, nothing that fails is lost silently (dead-letter queues and alarms), schedules, SES and SNS
// wiring, routes, and the privacy choices in logs.
import { readFileSync } from "node:fs";
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../packages/functions/src/jobs/index";
import { tableDefinition } from "../packages/core/src/store/table";
import { Api } from "./api";
import { rateExpression } from "./jobs";
import { Messaging, SEND_MAX_RECEIVE_COUNT } from "./messaging";
import { Storage } from "./storage";
import { sharedSynthesis, type Json, type Located, type Synth } from "./synth";

const FORM = "packages/functions/src/form/lambda.handler";
const UNSUBSCRIBE = "packages/functions/src/unsubscribe/lambda.handler";
const API = "packages/functions/src/api/lambda.handler";
const SEND = "packages/functions/src/workers/send.handler";
const SUMMARISE = "packages/functions/src/jobs/summarise.handler";
const REMIND = "packages/functions/src/jobs/remind.handler";
const RETENTION = "packages/functions/src/jobs/retention.handler";
const INBOUND_SMS = "packages/functions/src/inbound/sms.handler";
const SES_EVENTS = "packages/functions/src/inbound/ses-events.handler";

let synth: Synth;
beforeAll(async () => {
  synth = await sharedSynthesis();
}, 120_000);

const props = (r: Located) => r.resource.Properties as Json;
/** "Stack:Name" of our function with this handler, in the form `synth.target` reports references. */
const ref = (handler: string) => {
  const fn = synth.fn(handler);
  return `${fn.stack}:${fn.id.replace(/[0-9A-F]{8}$/, "")}`;
};

describe("table", () => {
  it("has core's key schema: string keys, both GSIs, TTL on expiresAt, point-in-time recovery", () => {
    const t = synth.template(Storage);
    t.resourceCountIs("AWS::DynamoDB::Table", 1);
    t.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayWith(
        ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"].map((name) => ({ AttributeName: name, AttributeType: "S" })),
      ),
      GlobalSecondaryIndexes: [
        {
          IndexName: "gsi1",
          KeySchema: [
            { AttributeName: "gsi1pk", KeyType: "HASH" },
            { AttributeName: "gsi1sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
        {
          IndexName: "gsi2",
          KeySchema: [
            { AttributeName: "gsi2pk", KeyType: "HASH" },
            { AttributeName: "gsi2sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    });
  });

  it("declares exactly the attributes and indexes of core's tableDefinition (local and AWS agree)", () => {
    const table = props(synth.one("AWS::DynamoDB::Table", "Table"));
    expect(table.AttributeDefinitions.map((a: Json) => a.AttributeName).sort()).toEqual([...tableDefinition.attributes].sort());
    expect(table.GlobalSecondaryIndexes.map((i: Json) => i.IndexName).sort()).toEqual(
      Object.keys(tableDefinition.globalIndexes).sort(),
    );
    expect(table.TimeToLiveSpecification.AttributeName).toBe(tableDefinition.ttl);
  });
});

describe("functions", () => {
  it("all nine run Node.js 22 on arm64 from a real bundle", () => {
    const fns = synth.functions();
    expect(fns).toHaveLength(9);
    for (const fn of fns) {
      expect({ fn: fn.id, runtime: props(fn).Runtime, arch: props(fn).Architectures }).toEqual({
        fn: fn.id,
        runtime: "nodejs22.x",
        arch: ["arm64"],
      });
      // The build ran: code points at an uploaded bundle, not SST's inline placeholder.
      expect(props(fn).Code.S3Key).toMatch(/\.zip$/);
    }
  });

  it("each handler is bundled as minified ESM", () => {
    for (const handler of [FORM, UNSUBSCRIBE, API, SEND, SUMMARISE, REMIND, RETENTION, INBOUND_SMS, SES_EVENTS]) {
      const code = readFileSync(synth.bundle(handler), "utf8");
      expect(code, handler).toMatch(/\bexport\s*\{/);
      // Unminified esbuild output names each source module in a `// packages/…` comment line.
      expect(code, handler).not.toMatch(/^\/\/ (packages|node_modules)\//m);
    }
  });

  it("take the AWS SDK from the runtime, and each imports only the clients it uses", () => {
    const clients = (handler: string) => {
      const code = readFileSync(synth.bundle(handler), "utf8");
      // Bundled SDK code would carry its service identifiers; imported, it is only a module specifier.
      expect(code, handler).not.toContain("DynamoDB_20120810");
      return [...new Set([...code.matchAll(/from\s*"(@aws-sdk\/[a-z0-9-]+)"/g)].map((m) => m[1]))].sort();
    };
    // DESIGN §7: the form carries no SDK it does not use: DynamoDB, and SSM for its secret.
    expect(clients(FORM)).toEqual(["@aws-sdk/client-dynamodb", "@aws-sdk/client-ssm", "@aws-sdk/lib-dynamodb"]);
    expect(clients(UNSUBSCRIBE)).toEqual(["@aws-sdk/client-dynamodb", "@aws-sdk/client-ssm", "@aws-sdk/lib-dynamodb"]);
    expect(clients(SEND)).toEqual(expect.arrayContaining(["@aws-sdk/client-pinpoint-sms-voice-v2", "@aws-sdk/client-sesv2"]));
  });

  it("get TABLE_NAME, and queue/email settings only where they are used", () => {
    const env = (handler: string) => props(synth.fn(handler)).Environment.Variables;
    for (const handler of [FORM, UNSUBSCRIBE, API, SEND, SUMMARISE, REMIND, RETENTION, INBOUND_SMS, SES_EVENTS]) {
      expect(synth.render(synth.fn(handler).stack, env(handler).TABLE_NAME)).toBe("{Storage:Table}");
    }
    const withQueue = [FORM, UNSUBSCRIBE, API, SEND, SUMMARISE, REMIND, RETENTION, INBOUND_SMS, SES_EVENTS].filter((h) => env(h).SEND_QUEUE_URL);
    expect(withQueue).toEqual([API, REMIND]);
    const withEmail = [FORM, UNSUBSCRIBE, API, SEND, SUMMARISE, REMIND, RETENTION, INBOUND_SMS, SES_EVENTS].filter((h) => env(h).SES_CONFIGURATION_SET);
    expect(withEmail).toEqual([API, SEND, SUMMARISE]);
    for (const handler of withEmail) {
      expect(env(handler).SENDER_EMAIL).toBe("feedback@example.org");
      expect(synth.render(synth.fn(handler).stack, env(handler).SES_CONFIGURATION_SET)).toBe("{Messaging:EmailConfigurationSet}");
    }
  });

  it("get each secret only where it is bound", () => {
    const holders = (name: string) =>
      [FORM, UNSUBSCRIBE, API, SEND, SUMMARISE, REMIND, RETENTION, INBOUND_SMS, SES_EVENTS].filter(
        (h) => props(synth.fn(h)).Environment.Variables[`SST_Secret_value_${name}`],
      );
    expect(holders("TOKEN_SECRET")).toEqual([FORM, UNSUBSCRIBE, API, SEND, REMIND]);
    expect(holders("SESSION_SECRET")).toEqual([API]);
  });

  it("log to their own group, kept 30 days", () => {
    for (const fn of synth.functions()) {
      const group = synth.target(fn.stack, props(fn).LoggingConfig?.LogGroup);
      expect(group, fn.id).toBeDefined();
      const [stack, name] = group!.split(":");
      expect(props(synth.one("AWS::Logs::LogGroup", name!)).RetentionInDays).toBe(30);
      expect(stack).toBe(fn.stack);
    }
  });
});

describe("alarms", () => {
  const alarms = () => synth.all("AWS::CloudWatch::Alarm");
  const notifiesAlarmTopic = (alarm: Located) =>
    props(alarm).AlarmActions.map((a: Json) => synth.target(alarm.stack, a)).includes("Monitoring:AlarmTopic");

  it("every function has an Errors > 0 alarm over 5 minutes that notifies the alarm topic", () => {
    for (const fn of synth.functions()) {
      const alarm = alarms().find(
        (a) =>
          props(a).MetricName === "Errors" &&
          props(a).Namespace === "AWS/Lambda" &&
          props(a).Dimensions.some((d: Json) => d.Name === "FunctionName" && synth.target(a.stack, d.Value) === synth.target(fn.stack, { Ref: fn.id })),
      );
      expect(alarm, `${fn.id} has no Errors alarm`).toBeDefined();
      expect(props(alarm!)).toMatchObject({
        Statistic: "Sum",
        Period: 300,
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        EvaluationPeriods: 1,
      });
      expect(notifiesAlarmTopic(alarm!)).toBe(true);
    }
  });

  it("every dead-letter queue (SQS redrive or Lambda async) has a messages-visible > 0 alarm", () => {
    const deadLetterQueues = new Set<string>();
    for (const q of synth.all("AWS::SQS::Queue")) {
      const target = props(q).RedrivePolicy?.deadLetterTargetArn;
      if (target) deadLetterQueues.add(synth.target(q.stack, target)!.replace(/\.Arn$/, ""));
    }
    for (const fn of synth.functions()) {
      const target = props(fn).DeadLetterConfig?.TargetArn;
      if (target) deadLetterQueues.add(synth.target(fn.stack, target)!.replace(/\.Arn$/, ""));
    }
    expect([...deadLetterQueues].sort()).toEqual([
      "Messaging:SendDeadLetterQueue",
      "Workers:EmailEventsDeadLetterQueue",
      "Workers:InboundSmsDeadLetterQueue",
    ]);
    for (const queue of deadLetterQueues) {
      const alarm = alarms().find(
        (a) =>
          props(a).MetricName === "ApproximateNumberOfMessagesVisible" &&
          props(a).Dimensions.some((d: Json) => synth.target(a.stack, d.Value) === `${queue}.QueueName`),
      );
      expect(alarm, `${queue} has no alarm`).toBeDefined();
      expect(props(alarm!)).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(notifiesAlarmTopic(alarm!)).toBe(true);
    }
  });

  it("every queue in the app is the send queue or an alarmed dead-letter queue", () => {
    const queues = synth.all("AWS::SQS::Queue").map((q) => `${q.stack}:${q.id.replace(/[0-9A-F]{8}$/, "")}`);
    expect(queues.sort()).toEqual([
      "Messaging:SendDeadLetterQueue",
      "Messaging:SendQueue",
      "Workers:EmailEventsDeadLetterQueue",
      "Workers:InboundSmsDeadLetterQueue",
    ]);
  });
});

describe("sending", () => {
  it("the send queue redrives to its dead-letter queue after 5 receives, and outlasts the worker", () => {
    const queue = props(synth.one("AWS::SQS::Queue", "SendQueue"));
    expect(SEND_MAX_RECEIVE_COUNT).toBe(5);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(synth.target("Messaging", queue.RedrivePolicy.deadLetterTargetArn)).toBe("Messaging:SendDeadLetterQueue.Arn");
    // Lambda's advice is six times the function timeout; at the very least it must exceed it, or a
    // message still being sent becomes visible again and is sent twice.
    const workerTimeout = props(synth.fn(SEND)).Timeout;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(workerTimeout * 6);
    // The worker records a failure on the last receive, so it must know where the last one is.
    expect(props(synth.fn(SEND)).Environment.Variables.SEND_MAX_RECEIVE_COUNT).toBe(String(queue.RedrivePolicy.maxReceiveCount));
  });

  it("the send worker consumes the queue in batches of 10 and reports item failures", () => {
    const mappings = synth.all("AWS::Lambda::EventSourceMapping");
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!;
    expect(synth.target(mapping.stack, props(mapping).EventSourceArn)).toBe("Messaging:SendQueue.Arn");
    expect(synth.target(mapping.stack, props(mapping).FunctionName)).toBe(ref(SEND));
    expect(props(mapping)).toMatchObject({
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    // Each worker paces itself at its share of the sending rate: as many shares as workers at once.
    expect(props(synth.fn(SEND)).Environment.Variables.SEND_WORKERS).toBe(String(props(mapping).ScalingConfig.MaximumConcurrency));
  });

  it("the SES domain identity uses a configuration set whose bounces, complaints and deliveries reach ses-events", () => {
    const t = synth.template(Messaging);
    t.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "example.org",
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp("^EmailConfigurationSet") } },
    });
    t.hasResourceProperties("AWS::SES::ConfigurationSet", {
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    const destination = props(synth.one("AWS::SES::ConfigurationSetEventDestination", "EmailConfigurationSetBouncesAndComplaints"));
    expect(destination.EventDestination.MatchingEventTypes.sort()).toEqual(["bounce", "complaint", "delivery"]);
    expect(synth.target("Messaging", destination.EventDestination.SnsDestination.TopicARN)).toBe("Messaging:EmailEventsTopic");

    const subscriptions = synth.all("AWS::SNS::Subscription").map((s) => ({
      topic: synth.target(s.stack, props(s).TopicArn),
      endpoint: synth.target(s.stack, props(s).Endpoint),
      protocol: props(s).Protocol,
    }));
    expect(subscriptions).toContainEqual({ topic: "Messaging:EmailEventsTopic", endpoint: `${ref(SES_EVENTS)}.Arn`, protocol: "lambda" });
    expect(subscriptions).toContainEqual({ topic: "Messaging:InboundSmsTopic", endpoint: `${ref(INBOUND_SMS)}.Arn`, protocol: "lambda" });
  });

  it("only SES (for our configuration set) and End User Messaging (for our account) may publish to the inbound topics", () => {
    const policies = synth.all("AWS::SNS::TopicPolicy").map((p) => ({
      topics: props(p).Topics.map((t: Json) => synth.target(p.stack, t)),
      statements: props(p).PolicyDocument.Statement.map((s: Json) => ({ principal: s.Principal, action: s.Action, condition: s.Condition })),
    }));
    const forTopic = (topic: string) => policies.filter((p) => p.topics.includes(topic)).flatMap((p) => p.statements);
    expect(forTopic("Messaging:EmailEventsTopic")).toEqual([
      {
        principal: { Service: "ses.amazonaws.com" },
        action: "sns:Publish",
        condition: { StringEquals: { "AWS:SourceAccount": synth.account, "AWS:SourceArn": expect.anything() } },
      },
    ]);
    expect(forTopic("Messaging:InboundSmsTopic")).toEqual([
      {
        principal: { Service: "sms-voice.amazonaws.com" },
        action: "sns:Publish",
        condition: { StringEquals: { "aws:SourceAccount": synth.account } },
      },
    ]);
  });
});

describe("schedules", () => {
  it("turns a job period into EventBridge's rate syntax", () => {
    expect(rateExpression(60)).toBe("rate(1 hour)");
    expect(rateExpression(120)).toBe("rate(2 hours)");
    expect(rateExpression(1)).toBe("rate(1 minute)");
    expect(rateExpression(15)).toBe("rate(15 minutes)");
    expect(() => rateExpression(0)).toThrow();
  });

  it("runs summarise, remind and retention hourly, on the schedules the local runtime uses", () => {
    const rules = synth.all("AWS::Events::Rule").map((r) => ({
      schedule: props(r).ScheduleExpression,
      targets: props(r).Targets.map((t: Json) => synth.target(r.stack, t.Arn)),
    }));
    expect(rules).toHaveLength(3);
    expect(rules).toContainEqual({ schedule: "rate(1 hour)", targets: [`${ref(SUMMARISE)}.Arn`] });
    expect(rules).toContainEqual({ schedule: "rate(1 hour)", targets: [`${ref(REMIND)}.Arn`] });
    expect(rules).toContainEqual({ schedule: "rate(1 hour)", targets: [`${ref(RETENTION)}.Arn`] });
    expect(rateExpression(jobs.summarise.schedule.minutes)).toBe("rate(1 hour)");
    expect(rateExpression(jobs.remind.schedule.minutes)).toBe("rate(1 hour)");
    expect(rateExpression(jobs.retention.schedule.minutes)).toBe("rate(1 hour)");
  });
});

describe("HTTP API", () => {
  const routes = () =>
    Object.fromEntries(
      synth.all("AWS::ApiGatewayV2::Route").map((route) => {
        const integrationId = props(route).Target["Fn::Join"][1][1].Ref;
        const integration = synth.templates.get(route.stack).Resources[integrationId];
        return [props(route).RouteKey, synth.target(route.stack, integration.Properties.IntegrationUri)];
      }),
    );

  it("sends family paths to the form function, unsubscribe links to theirs and /api to the API function", () => {
    const form = `${ref(FORM)}.Arn`;
    const unsubscribe = `${ref(UNSUBSCRIBE)}.Arn`;
    expect(routes()).toEqual({
      "GET /s/{token}": form,
      "POST /s/{token}": form,
      "ANY /s/{proxy+}": form,
      "GET /p/{proxy+}": form,
      "POST /p/{proxy+}": form,
      "GET /assets/{proxy+}": form,
      $default: form,
      "GET /u/{token}": unsubscribe,
      "POST /u/{token}": unsubscribe,
      "GET /unsubscribe/{proxy+}": unsubscribe,
      "POST /unsubscribe/{proxy+}": unsubscribe,
      "ANY /api/{proxy+}": `${ref(API)}.Arn`,
    });
  });

  it("access logs keep the route template, never the path (it holds the token), the IP or the user agent", () => {
    const stage = props(synth.one("AWS::ApiGatewayV2::Stage", "ApiDefaultStage"));
    const format = stage.AccessLogSettings.Format as string;
    expect(format).toContain("$context.routeKey");
    for (const leak of ["$context.path", "$context.identity.sourceIp", "$context.identity.userAgent", "$context.requestOverride"]) {
      expect(format).not.toContain(leak);
    }
    const group = synth.target("Api", stage.AccessLogSettings.DestinationArn)!.replace(/^Api:|\.Arn$/g, "");
    expect(props(synth.one("AWS::Logs::LogGroup", group)).RetentionInDays).toBe(30);
  });

  it("is throttled at the stage", () => {
    const stage = props(synth.one("AWS::ApiGatewayV2::Stage", "ApiDefaultStage"));
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
  });

  it("the API stack exists as its own functional stack", () => {
    synth.template(Api).resourceCountIs("AWS::ApiGatewayV2::Api", 1);
  });
});

describe("console", () => {
  const distribution = () => props(synth.one("AWS::CloudFront::Distribution", "ConsoleDistribution")).DistributionConfig;

  it("is served by CloudFront, which forwards /api/* to the HTTP API uncached (one origin for cookie and CSRF)", () => {
    const config = distribution();
    const behavior = config.CacheBehaviors.find((b: Json) => b.PathPattern === "/api/*");
    expect(behavior).toBeDefined();
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(["GET", "POST", "PUT", "PATCH", "DELETE"]));
    expect(behavior.CachePolicyId).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // Managed-CachingDisabled
    expect(behavior.OriginRequestPolicyId).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac"); // AllViewerExceptHostHeader
    const origin = config.Origins.find((o: Json) => o.Id === behavior.TargetOriginId);
    expect(synth.render("Web", origin.DomainName)).toBe("{Api:Api}.execute-api.us-east-1.{AWS::URLSuffix}");
  });

  it("has no distribution-wide error pages, which would turn the API's 403/404 into index.html", () => {
    expect(distribution().CustomErrorResponses ?? []).toEqual([]);
  });

  it("is built with the family link base and a same-origin API", () => {
    const uploader = props(synth.one("Custom::S3Uploader", "ConsoleS3Uploader"));
    const replaced = uploader.replaceValues.map((r: Json) => [r.search, synth.render("Web", r.replace)]);
    expect(replaced).toContainEqual(["{{ VITE_PUBLIC_URL }}", "{Api:Api.ApiEndpoint}"]);
    expect(JSON.stringify(synth.templates.get("Web").Outputs.SSTMetadata)).toContain('\\"VITE_API_URL\\":\\"\\"');
  });
});
