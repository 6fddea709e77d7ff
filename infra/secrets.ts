// Secrets live in SSM through SST `Config.Secret` (`npx sst secrets set TOKEN_SECRET … --stage prod`);
// locally they come from a generated file in `.data/`. They are bound one by one, only to the functions
// that use them (see infra/api.ts, infra/workers.ts, infra/jobs.ts): binding grants `ssm:GetParameters`
// on that one secret's parameter and nothing else.
import { Config, type Stack } from "sst/constructs";

export function createSecrets(stack: Stack) {
  return {
    /** HMAC key for invitation and unsubscribe tokens: the form checks them, the API and workers mint them. */
    TOKEN_SECRET: new Config.Secret(stack, "TOKEN_SECRET"),
    /** Signs coordinator session cookies; only the API reads it. */
    SESSION_SECRET: new Config.Secret(stack, "SESSION_SECRET"),
  };
}
