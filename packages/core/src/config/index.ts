// Settings and secrets, from environment variables. Locally the runtime generates the secrets into
// DATA_DIR and exports them; in AWS, the entry points of functions with bound SST secrets copy them in.
export * as Config from "./index";

/**
 * A secret from the environment. Entry points of functions that have secrets bound copy them there
 * first (packages/functions/src/secrets.ts); a missing secret is a deployment error, said plainly.
 */
export async function secret(name: "TOKEN_SECRET" | "SESSION_SECRET"): Promise<string> {
  const value = process.env[name];
  if (!value) throw new Error(`Secret ${name} is not set for this function`);
  return value;
}

/** The public base URL that links in messages point to (no trailing slash). */
export const publicUrl = () => (process.env.PUBLIC_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
