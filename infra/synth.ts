// Test helper (not a test): synthesises the whole app offline, exactly as `sst deploy` would build it
// (same `stacks()` from infra/index.ts, deploy mode, every function really bundled by esbuild), and
// offers a few readers over the resulting CloudFormation. Works without AWS because vitest sets
// NODE_ENV=test, which SST treats as "running SST tests" (no bootstrap lookups).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { stacks } from "./index";
import { CONSOLE_SOURCE_CONTEXT } from "./web";

// CloudFormation is untyped JSON; these are the few shapes the tests read.
export type Json = any;
export type Resource = { Type: string; Properties?: Record<string, Json> };
export type Located = { stack: string; id: string; resource: Resource };
export type Statement = { Effect: string; Action: string | string[]; Resource: Json; Condition?: Json };

/** Deployment settings the stacks read from the environment; unset during synthesis so results are stable. */
const SETTINGS = [
  "EMAIL_DOMAIN",
  "SENDER_EMAIL",
  "ALARM_EMAIL",
  "SMS_ORIGINATION_IDENTITY",
  "SEND_MAX_CONCURRENCY",
  "LOG_LEVEL",
  "AWS_REGION",
  "CDK_DEFAULT_ACCOUNT",
  "CDK_DEFAULT_REGION",
];

export async function synthesise(): Promise<Synth> {
  const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
  for (const name of SETTINGS) delete process.env[name];
  const scratch = mkdtempSync(join(tmpdir(), "feedback-infra-"));
  try {
    await initProject({ stage: "test" });
    const project = useProject();
    // SST writes generated types to `<out>/types` (deleting it first) and function bundles to
    // `artifacts/<construct address>`, the same paths for every synthesis of this app: directories of
    // its own keep test files running in parallel (and a running `sst dev`) out of each other's way.
    project.paths.out = join(scratch, "out");
    project.paths.artifacts = join(scratch, "artifacts");
    // A prebuilt one-page console, so the test neither builds packages/web nor depends on its state.
    const consoleDir = join(scratch, "console");
    mkdirSync(consoleDir);
    writeFileSync(join(consoleDir, "index.html"), "<!doctype html><title>Console</title>");

    const app = new App(
      { mode: "deploy", stage: "test", name: project.config.name, region: project.config.region },
      {
        outdir: join(scratch, "cdk.out"),
        context: { [CONSOLE_SOURCE_CONTEXT]: { path: consoleDir, buildOutput: ".", buildCommand: undefined } },
      },
    );
    stacks(app);
    await app.finish();
    return new Synth(app, scratch);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

let shared: Promise<Synth> | undefined;

/** One synthesis for every suite in a test file (it bundles seven functions, so it is the slow part). */
export function sharedSynthesis(): Promise<Synth> {
  shared ??= synthesise();
  return shared;
}

/** CDK logical ids end in an 8-character hash of the construct path; tests name resources without it. */
const baseId = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, "");

export class Synth {
  readonly templates = new Map<string, Json>();
  readonly account: string;
  readonly region: string;
  private readonly exports = new Map<string, { stack: string; value: Json }>();

  /** Where this synthesis bundled the functions (one directory per function). */
  readonly artifacts: string;

  /** `scratch` holds this synthesis's bundles, cloud assembly and generated files; see `dispose`. */
  constructor(
    readonly app: App,
    private readonly scratch: string,
  ) {
    this.artifacts = join(scratch, "artifacts");
    this.account = app.account;
    this.region = app.region;
    for (const child of app.node.children) {
      if (!Stack.isStack(child)) continue;
      const stack = child.node.id.replace(`${app.stage}-${app.name}-`, "");
      const json = Template.fromStack(child).toJSON();
      this.templates.set(stack, json);
      for (const output of Object.values<Json>(json.Outputs ?? {})) {
        if (output.Export?.Name) this.exports.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }

  /** Removes the scratch directory (bundles, zips, cloud assembly). */
  dispose() {
    rmSync(this.scratch, { recursive: true, force: true });
  }

  /** The template of one functional stack, for `aws-cdk-lib/assertions`. */
  template(fn: Parameters<typeof getStack>[0]) {
    return Template.fromStack(getStack(fn));
  }

  /** Every resource of a type, across all stacks. */
  all(type: string): Located[] {
    const found: Located[] = [];
    for (const [stack, json] of this.templates) {
      for (const [id, resource] of Object.entries<Resource>(json.Resources ?? {})) {
        if (resource.Type === type) found.push({ stack, id, resource });
      }
    }
    return found;
  }

  /** The one resource of a type whose logical id (without its hash) is `name`. */
  one(type: string, name: string): Located {
    const matches = this.all(type).filter((r) => baseId(r.id) === name);
    if (matches.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${matches.length}`);
    return matches[0]!;
  }

  /** Our Lambda functions (SST `Function`s carry SST_APP), as opposed to CDK/SST custom-resource handlers. */
  functions(): Located[] {
    return this.all("AWS::Lambda::Function").filter((f) => f.resource.Properties?.Environment?.Variables?.SST_APP);
  }

  /** Our function with this handler, e.g. "packages/functions/src/form/lambda.handler". */
  fn(handler: string): Located {
    const matches = this.functions().filter((f) => f.resource.Properties?.Handler === handler);
    if (matches.length !== 1) throw new Error(`expected one function with handler ${handler}, found ${matches.length}`);
    return matches[0]!;
  }

  /** The path of the bundle built for a handler, e.g. ".../packages/functions/src/form/lambda.mjs" for ESM. */
  bundle(handler: string): string {
    const file = handler.replace(/\.[^.]+$/, ".mjs");
    const matches = readdirSync(this.artifacts)
      .map((dir) => join(this.artifacts, dir, file))
      .filter((path) => existsSync(path));
    if (matches.length !== 1) throw new Error(`expected one ESM bundle ${file}, found ${matches.length}`);
    return matches[0]!;
  }

  /** The artifact directory of a handler's function: what is uploaded, and LAMBDA_TASK_ROOT in Lambda. */
  artifact(handler: string): string {
    const file = handler.replace(/\.[^.]+$/, ".mjs");
    const bundle = this.bundle(handler);
    return bundle.slice(0, bundle.length - file.length - 1);
  }

  /**
   * Follows a Ref, Fn::GetAtt or cross-stack Fn::ImportValue to the resource it names, as
   * "Stack:LogicalIdWithoutHash" (plus ".Attribute" for GetAtt). Undefined for anything else.
   */
  target(stack: string, value: Json): string | undefined {
    if (value?.Ref && typeof value.Ref === "string") {
      return value.Ref.startsWith("AWS::") ? undefined : `${stack}:${baseId(value.Ref)}`;
    }
    if (Array.isArray(value?.["Fn::GetAtt"])) {
      const [id, attr] = value["Fn::GetAtt"];
      return `${stack}:${baseId(id)}.${attr}`;
    }
    if (typeof value?.["Fn::ImportValue"] === "string") {
      const exported = this.exports.get(value["Fn::ImportValue"]);
      return exported && this.target(exported.stack, exported.value);
    }
    return undefined;
  }

  /**
   * A CloudFormation value as readable text: references become {Stack:Name(.Attr)}, pseudo parameters
   * {AWS::Partition}, and this app's account and region ${account} and ${region}.
   */
  render(stack: string, value: Json): string {
    const text = (() => {
      if (typeof value === "string") return value;
      const target = this.target(stack, value);
      if (target) return `{${target}}`;
      if (typeof value?.Ref === "string") return `{${value.Ref}}`;
      if (Array.isArray(value?.["Fn::Join"])) {
        const [separator, parts] = value["Fn::Join"];
        return parts.map((part: Json) => this.render(stack, part)).join(separator);
      }
      return JSON.stringify(value);
    })();
    return text.replaceAll(`:${this.account}:`, ":${account}:").replaceAll(`:${this.region}:`, ":${region}:");
  }

  /** Every IAM statement attached to a function's role: inline policies and AWS::IAM::Policy resources. */
  statements(fn: Located): Statement[] {
    const roleId = fn.resource.Properties?.Role?.["Fn::GetAtt"]?.[0];
    if (!roleId) throw new Error(`${fn.id} has no role in its own stack`);
    const role = this.templates.get(fn.stack).Resources[roleId] as Resource;
    const inline = (role.Properties?.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement);
    const attached = this.all("AWS::IAM::Policy")
      .filter((p) => p.stack === fn.stack && p.resource.Properties?.Roles?.some((r: Json) => r.Ref === roleId))
      .flatMap((p) => p.resource.Properties!.PolicyDocument.Statement);
    return [...inline, ...attached];
  }

  /** A function's role's managed policies, rendered. */
  managedPolicies(fn: Located): string[] {
    const roleId = fn.resource.Properties?.Role?.["Fn::GetAtt"]?.[0];
    const role = this.templates.get(fn.stack).Resources[roleId] as Resource;
    return (role.Properties?.ManagedPolicyArns ?? []).map((arn: Json) =>
      this.render(fn.stack, arn?.["Fn::Sub"] ?? arn).replace("${AWS::Partition}", "{AWS::Partition}"),
    );
  }

  /** A function's permissions as action -> sorted rendered resources (Allow statements only). */
  permissions(fn: Located): Record<string, string[]> {
    const byAction: Record<string, Set<string>> = {};
    for (const statement of this.statements(fn)) {
      if (statement.Effect !== "Allow") continue;
      const resources = [statement.Resource].flat().map((r: Json) => this.render(fn.stack, r));
      for (const action of [statement.Action].flat()) {
        byAction[action] ??= new Set();
        for (const resource of resources) byAction[action].add(resource);
      }
    }
    return Object.fromEntries(Object.entries(byAction).map(([action, set]) => [action, [...set].sort()]));
  }

  /** Every identity-based IAM statement in the app: policies, managed policies and roles' inline policies. */
  allIdentityStatements(): Array<{ stack: string; id: string; statement: Statement }> {
    const found: Array<{ stack: string; id: string; statement: Statement }> = [];
    for (const type of ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]) {
      for (const { stack, id, resource } of this.all(type)) {
        for (const statement of resource.Properties!.PolicyDocument.Statement) found.push({ stack, id, statement });
      }
    }
    for (const { stack, id, resource } of this.all("AWS::IAM::Role")) {
      for (const policy of resource.Properties?.Policies ?? []) {
        for (const statement of policy.PolicyDocument.Statement) found.push({ stack, id, statement });
      }
    }
    return found;
  }
}
