// What a deployed function learns from its SST bindings at load (packages/functions/src/secrets.ts):
// bound secrets, and for the API the console's origin, which the Origin check and sign-in links use.
// SST passes bound values as SST_* variables (resolved from SSM when they say so); here they are given
// directly, in a fresh process, as the runtime would see them.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "../../..");

function load(entry: string, env: Record<string, string>) {
  const script = `await import(${JSON.stringify(join(root, entry))}); process.stdout.write(JSON.stringify({ token: process.env.TOKEN_SECRET ?? null, console: process.env.CONSOLE_ORIGIN ?? null }));`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SST_") && !["TOKEN_SECRET", "SESSION_SECRET", "CONSOLE_ORIGIN"].includes(k)));
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    env: { ...clean, SST_APP: "school-feedback", SST_STAGE: "test", AWS_REGION: "us-east-1", LOG_LEVEL: "error", NODE_NO_WARNINGS: "1", ...env },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { token: string | null; console: string | null };
}

describe("bindings", () => {
  it("the form function loads its bound TOKEN_SECRET (personal links need it)", { timeout: 60_000 }, () => {
    expect(load("packages/functions/src/form/lambda.ts", { SST_Secret_value_TOKEN_SECRET: "from-ssm" })).toEqual({ token: "from-ssm", console: null });
  });

  it("the API function learns the console's origin from its site binding", { timeout: 60_000 }, () => {
    const env = { SST_Secret_value_TOKEN_SECRET: "t", SST_Secret_value_SESSION_SECRET: "s", SST_StaticSite_url_Console: "https://d111111abcdef8.cloudfront.net/" };
    expect(load("packages/functions/src/api/lambda.ts", env)).toEqual({ token: "t", console: "https://d111111abcdef8.cloudfront.net" });
  });
});
