// Shared by the hostile-input tests: what "nothing changed" means (a snapshot of the table), the
// classic attack strings, and fast-check arbitraries that follow a route's declared zod schemas (via
// their JSON Schema), so that random input reaches past validation as well as failing it.
import { randomBytes } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { z } from "zod";
import { Store } from "@feedback/core/store";
import { ensureTable } from "@feedback/core/store/admin";
import { rawScan } from "./fixtures";

/**
 * Points the store at a new, empty table until `done()`: a property that compares the whole table
 * before and after every request stays fast when that table holds one property's data only.
 */
export async function freshTable() {
  const previous = Store.use().settings;
  const endpoint = process.env.DYNAMO_ENDPOINT!;
  const table = `hostile-${randomBytes(6).toString("hex")}`;
  const admin = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(admin, table);
  Store.configure({ ...previous, table });
  return {
    async done() {
      Store.configure(previous);
      await admin.send(new DeleteTableCommand({ TableName: table }));
      admin.destroy();
    },
  };
}

/**
 * Everything stored, as comparable text, except what exists to record refused requests:
 * - rate-limit counters (pk `RL#…`): counting refused attempts is their purpose;
 * - a sign-in challenge's `attempts`: every wrong code is counted, atomically and before the code is
 *   compared, so that guessing stops after five (SignIn.verify). The rest of the challenge must not change.
 * Sessions are never "touched" on use (Session.read only reads), so they need no exclusion.
 */
export async function snapshot() {
  const items = await rawScan();
  return items
    .filter((i) => !String(i.pk).startsWith("RL#"))
    .map((i) => (String(i.pk).startsWith("SIGNIN#") ? { ...i, attempts: undefined } : i))
    .map((i) => JSON.stringify(i, Object.keys(i).sort()))
    .sort()
    .join("\n");
}

/** Classic attacks, as text: markup, SQL and NoSQL, bidi and zero-width tricks, header and path injection. */
export const attacks = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "<svg/onload=alert(1)>",
  "javascript:alert(1)",
  "</title><script>alert(1)</script>",
  "{{7*7}}${7*7}<%= 7*7 %>",
  "' OR '1'='1",
  "'; DROP TABLE contacts; --",
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  "attribute_not_exists(pk) OR 1=1",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "a\r\nBcc: victim@example.org",
  "%0d%0aSet-Cookie: x=1",
  "\u0000",
  "../../../../etc/passwd",
  "__proto__",
  "constructor",
  "=HYPERLINK(\"http://evil.example\",\"x\")",
  "x".repeat(5000),
  "💥".repeat(300),
];

/** Text: random, grapheme-random, or an attack. (Lone surrogates are possible: JSON carries them.) */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 3, arbitrary: fc.constantFrom(...attacks) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
);

/** A value of the wrong kind for almost any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, "", " ", [], {}, [null], { $gt: "" }),
  // Own properties named __proto__ and constructor, as JSON.parse makes them.
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}')),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant("y".repeat(100_000)),
);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === "email") return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
  if (s.format === "date") return fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === "date-time") return fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? Infinity));
    } catch {
      // A pattern fast-check cannot generate from: plain strings, which mostly fail it.
    }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
}

/** Real values to mix in, so that generated bodies sometimes name things that exist. */
export type Known = { emails?: string[]; ids?: string[]; /** Valid values for properties of these names. */ props?: Record<string, unknown[]> };

/** Values that satisfy (most of) a JSON Schema, as zod's `toJSONSchema` writes them. */
export function fromSchema(s: JsonSchema, known: Known = {}, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, known, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0]!, known, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      if (s.properties) {
        const shape = Object.fromEntries(
          Object.entries(s.properties).map(([k, v]) => {
            const generated = fromSchema(v, known, depth + 1);
            const real = known.props?.[k];
            return [k, real?.length ? fc.oneof(generated, fc.constantFrom(...real)) : generated];
          }),
        );
        return fc.record(shape, { requiredKeys: s.required ?? [] });
      }
      if (typeof s.additionalProperties === "object") {
        const keys = s.propertyNames ? (stringFor(s.propertyNames) as fc.Arbitrary<string>) : fc.string({ maxLength: 10 });
        return fc.dictionary(keys, fromSchema(s.additionalProperties, known, depth + 1), { minKeys: 1, maxKeys: 3 });
      }
      return fc.constant({});
    }
    case "array":
      return fc.array(s.items ? fromSchema(s.items, known, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, Math.max(s.minItems ?? 0, 4)),
      });
    case "string": {
      const real = s.format === "email" ? known.emails : !s.pattern || s.pattern.startsWith("^[a-z]{2,4}_") ? known.ids : undefined;
      return real?.length ? fc.oneof({ weight: 2, arbitrary: stringFor(s) }, { weight: 1, arbitrary: fc.constantFrom(...real) }) : stringFor(s);
    }
    case "integer":
      return fc.integer({ min: Math.max(s.minimum ?? -1000, Number.MIN_SAFE_INTEGER), max: Math.min(s.maximum ?? 1000, 100_000) });
    case "number":
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

export const jsonSchemaOf = (schema: z.core.$ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", reused: "inline" }) as JsonSchema;

/** Every path to a value inside a JSON value (the root included). */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

/** A copy of `v` with the value at its `n`th path replaced (or, for an object, a key added). */
export function mutate(v: unknown, n: number, replacement: unknown, extraKey?: string): unknown {
  const all = paths(v);
  const path = all[n % all.length]!;
  const copy = structuredClone(v);
  if (path.length === 0) return extraKey && copy && typeof copy === "object" && !Array.isArray(copy) ? { ...copy, [extraKey]: replacement } : replacement;
  let parent = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
  parent[path.at(-1)!] = replacement;
  return copy;
}

/** Lines added and removed between two snapshots (a readable failure instead of a diff of the whole table). */
export function changes(before: string, after: string) {
  const a = new Set(before.split("\n"));
  const b = new Set(after.split("\n"));
  return { removed: [...a].filter((l) => !b.has(l)), added: [...b].filter((l) => !a.has(l)) };
}

/** Lone surrogates replaced, so that the text can be URL-encoded or sent as a header. */
export const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/** JSON nested `depth` levels deep, written without recursion (JSON.stringify would overflow first). */
export const deeplyNested = (depth: number, open = '{"a":', close = "}") => open.repeat(depth) + "1" + close.repeat(depth);
