// In AWS, secrets are SST `Config.Secret`s bound to the functions that need them; sst/node/config
// fetches them from SSM when this module loads. This copies them into process.env, where core reads
// them (locally the runtime sets the same variables from its generated file). Only entry points of
// functions with secrets import this, so other bundles carry no SSM client.
import { Config } from "sst/node/config";
import { StaticSite } from "sst/node/site";

for (const name of ["TOKEN_SECRET", "SESSION_SECRET"] as const) {
  if (process.env[name]) continue;
  try {
    const value = (Config as unknown as Record<string, string | undefined>)[name];
    if (value) process.env[name] = value;
  } catch {
    // Not bound to this function: it does not need it.
  }
}

// The console's URL, for the API: the Origin it accepts and the base of sign-in links. Bound (as an
// SST site binding, through SSM) only to the API function; CONSOLE_ORIGIN set by hand wins.
if (!process.env.CONSOLE_ORIGIN) {
  try {
    const url = (StaticSite as unknown as Record<string, { url?: string } | undefined>).Console?.url;
    if (url) process.env.CONSOLE_ORIGIN = new URL(url).origin;
  } catch {
    // Not bound to this function: it does not need it.
  }
}
