// Shared helpers for the core tests: acting as someone, a small valid survey, and raw reads of the
// table (through the real client, never a fake) for the checks that must see exactly what is stored.
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { vi } from "vitest";
import { Actor } from "../src/actor";
import { Organisation } from "../src/organisation";
import { Store } from "../src/store";
import { Survey } from "../src/survey";

export const system = <R>(run: () => R) => Actor.provide({ type: "system" }, run);

export const coordinatorOf = (orgId: string, role: Actor.Role = "coordinator"): Actor.Info => ({
  type: "coordinator",
  orgId,
  coordinatorId: "crd_01J00000000000000000000000",
  role,
});
export const as = <R>(actor: Actor.Info, run: () => R) => Actor.provide(actor, run);

export const newOrg = (name = "Riverside Unified") => system(() => Organisation.create({ name }));

/** A valid survey content with one required single-choice question and one optional text question. */
export const content = (extra: Partial<Survey.Content> = {}): Survey.Content =>
  Survey.Content.parse({
    defaultLanguage: "en",
    languages: ["en", "es"],
    title: { en: "How are we doing?", es: "¿Cómo lo estamos haciendo?" },
    questions: [
      {
        id: "safe",
        type: "single_choice",
        required: true,
        text: { en: "Does your child feel safe at school?", es: "¿Su hijo se siente seguro?" },
        options: [
          { id: "yes", text: { en: "Yes", es: "Sí" } },
          { id: "no", text: { en: "No", es: "No" } },
        ],
      },
      { id: "comment", type: "long_text", text: { en: "Anything else?" } },
    ],
    ...extra,
  });

/** The stored item exactly as DynamoDB holds it, bypassing every domain mapping. */
export async function rawGet(key: Store.Key) {
  const res = await Store.client().send(new GetCommand({ TableName: Store.table(), Key: key, ConsistentRead: true }));
  return res.Item;
}

/** Every item in this test file's table (each test file has its own table, so this stays small). */
export async function rawScan() {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await Store.client().send(new ScanCommand({ TableName: Store.table(), ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every string anywhere inside a stored value (nested maps and lists included). */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

/**
 * Runs `interleave` (real writes) just before the next command of class `kind` reaches DynamoDB, then
 * lets that command go: a deterministic way to land a concurrent change between a domain's read and
 * its write. Only the first such command is intercepted, so `interleave` may send the same kind.
 * Undo with `vi.restoreAllMocks()`.
 */
export function beforeNext(kind: new (...args: never[]) => unknown, interleave: () => Promise<unknown>) {
  const client = Store.client() as { send: (command: unknown) => Promise<unknown> };
  const send = client.send.bind(client);
  let armed = true;
  vi.spyOn(client, "send").mockImplementation(async (command: unknown) => {
    if (armed && command instanceof kind) {
      armed = false;
      await interleave();
    }
    return send(command);
  });
}
