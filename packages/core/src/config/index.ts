// Settings and secrets. Locally they come from environment variables (the local runtime generates the
// secrets into DATA_DIR and exports them); in AWS, secrets are SST `Config.Secret`s, read through
// sst/node/config only by the functions they are bound to (imported lazily so other bundles stay small).
export * as Config from "./index";

const cache = new Map<string, string>();

export async function secret(name: "TOKEN_SECRET" | "SESSION_SECRET"): Promise<string> {
  const cached = cache.get(name) ?? process.env[name];
  if (cached) return cached;
  const { Config } = (await import("sst/node/config")) as unknown as { Config: Record<string, string | undefined> };
  const value = Config[name];
  if (!value) throw new Error(`Secret ${name} is not set`);
  cache.set(name, value);
  return value;
}

/** The public base URL that links in messages point to (no trailing slash). */
export const publicUrl = () => (process.env.PUBLIC_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
