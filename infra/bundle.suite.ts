// What the bundles carry, checked on the artifacts the synthesis really built: the form's compiled
// catalogues are copied beside every function that reads them, the form function is bundled without
// the ICU parser, and its bundle, loaded as Lambda loads it (a fresh Node process, LAMBDA_TASK_ROOT at
// the artifact), renders translated pages, plural messages included.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { beforeAll, describe, expect, it } from "vitest";
import { COMPILED_DIRECTORY } from "../packages/core/src/i18n/form";
import { compiledDirectory } from "../packages/core/src/i18n/compile";
import { sources } from "../packages/core/src/i18n/form/sources";
import { Locale } from "../packages/core/src/locale";
import { Survey } from "../packages/core/src/survey";
import { openSurvey } from "../packages/functions/test/support/fixtures";
import { formCatalogues, functionBundling, noIcuParser } from "./bundling";
import { sharedSynthesis, type Json, type Synth } from "./synth";

const root = join(__dirname, "..");
const FORM = "packages/functions/src/form/lambda.handler";
const UNSUBSCRIBE = "packages/functions/src/unsubscribe/lambda.handler";
const API = "packages/functions/src/api/lambda.handler";

/** Strings only the ICU parsers' code holds (error names of the message parser, a skeleton parser error). */
const PARSER = ["EXPECT_ARGUMENT_CLOSING_BRACE", "Number skeleton cannot be empty"];
/** The message of the parser's no-parser entry, which the alias puts in its place. */
const NO_PARSER = "uncompiled message";

let synth: Synth;
beforeAll(async () => {
  synth = await sharedSynthesis();
}, 120_000);

const handlers = () => synth.functions().map((f) => f.resource.Properties!.Handler as string);
const code = (handler: string) => readFileSync(synth.bundle(handler), "utf8");
/** The loader of the compiled form catalogues is in a bundle (its `new URL("./compiled/", import.meta.url)`). */
const readsFormCatalogues = (handler: string) => new RegExp(`new URL\\(["'\`]\\./${COMPILED_DIRECTORY}/["'\`],\\s*import\\.meta\\.url\\)`).test(code(handler));

/** The props a stack gave one of our SST functions (kept by the construct, not in CloudFormation). */
function propsOf(handler: string): Json {
  const found = synth.app.node
    .findAll()
    .map((c) => (c as unknown as { props?: Json }).props)
    .filter((p) => p?.handler === handler);
  expect(found, handler).toHaveLength(1);
  return found[0];
}

describe("bundles", () => {
  it("the stacks give each function the bundling settings of infra/bundling.ts", () => {
    expect(formCatalogues(FORM)).toEqual({ from: "packages/core/src/i18n/form/compiled", to: `packages/functions/src/form/${COMPILED_DIRECTORY}` });
    expect(Object.keys(functionBundling).sort()).toEqual([API, FORM, UNSUBSCRIBE].sort());
    for (const handler of Object.keys(functionBundling)) {
      expect(handlers(), handler).toContain(handler);
      expect(propsOf(handler).copyFiles, handler).toEqual([formCatalogues(handler)]);
    }
    expect(propsOf(FORM).nodejs.esbuild.alias).toEqual(noIcuParser);
    expect(propsOf(FORM).nodejs.esbuild).toMatchObject({ external: ["@aws-sdk/*"], charset: "utf8", keepNames: false });
    expect(propsOf(FORM).nodejs).toMatchObject({ format: "esm", minify: true });
    for (const handler of [UNSUBSCRIBE, API]) expect(propsOf(handler).nodejs?.esbuild?.alias, handler).toBeUndefined();
  });

  it("every function that reads the form's catalogues has all of them, as compiled, beside its bundle", () => {
    const readers = handlers().filter(readsFormCatalogues).sort();
    expect(readers).toEqual([API, FORM, UNSUBSCRIBE].sort());
    for (const handler of readers) {
      const dir = join(dirname(synth.bundle(handler)), COMPILED_DIRECTORY);
      expect(readdirSync(dir).sort(), handler).toEqual(Locale.supported.map((l) => `${l}.json`).sort());
      for (const file of readdirSync(dir)) {
        expect(readFileSync(join(dir, file), "utf8"), `${handler} ${file}`).toBe(readFileSync(join(compiledDirectory, file), "utf8"));
      }
    }
    for (const handler of handlers().filter((h) => !readers.includes(h))) {
      expect(existsSync(join(dirname(synth.bundle(handler)), COMPILED_DIRECTORY)), handler).toBe(false);
    }
  });

  it("the form bundles no catalogue source and no ICU parser; functions that parse messages keep it", () => {
    const form = code(FORM);
    for (const marker of PARSER) expect(form, marker).not.toContain(marker);
    expect(form).toContain(NO_PARSER);
    // The catalogues are data files now: not one form message is in the bundle.
    for (const key of ["status.not_found.body", "privacy.confidential", "errors.summary"] as const) {
      expect(form, key).not.toContain(sources.es![key]);
      expect(form, key).not.toContain(sources.en![key]);
    }
    for (const handler of [UNSUBSCRIBE, API]) {
      for (const marker of PARSER) expect(code(handler), `${handler} ${marker}`).toContain(marker);
    }
  });
});

type Request = { method: "GET" | "POST"; path: string; language: string; form?: Record<string, string>; json?: unknown };
type Reply = { status: number; body: string };

/**
 * Invokes the built form function as Lambda would: a fresh Node process imports the bundle from its
 * artifact, with LAMBDA_TASK_ROOT there and the function's environment, and calls `handler` with HTTP
 * API (v2) events, carrying the cookies it sets from one request to the next (`{csrf}` in a form
 * value is the CSRF cookie's value).
 */
function invoke(requests: Request[], fn = FORM): Reply[] {
  const artifact = synth.artifact(fn);
  // The nodejs22.x runtime provides the AWS SDK (external to the bundle); here node_modules does.
  if (!existsSync(join(artifact, "node_modules"))) symlinkSync(join(root, "node_modules"), join(artifact, "node_modules"), "dir");
  const script = `
    const { handler } = await import(${JSON.stringify(synth.bundle(fn))});
    const jar = new Map();
    const replies = [];
    for (const r of ${JSON.stringify(requests)}) {
      const body = r.json ? JSON.stringify(r.json) : r.form && new URLSearchParams(Object.entries(r.form).map(([k, v]) => [k, v.replace("{csrf}", jar.get("fc") ?? "")])).toString();
      const event = {
        version: "2.0",
        routeKey: "$default",
        rawPath: r.path,
        rawQueryString: "",
        cookies: [...jar].map(([k, v]) => k + "=" + v),
        headers: { host: "forms.example.org", "accept-language": r.language, "x-forwarded-proto": "https", ...(body ? { "content-type": r.json ? "application/json" : "application/x-www-form-urlencoded" } : {}), ...(r.json ? { origin: "https://forms.example.org" } : {}) },
        requestContext: { accountId: "1", apiId: "api", domainName: "forms.example.org", requestId: "req", routeKey: "$default", stage: "$default", time: "", timeEpoch: 0,
          http: { method: r.method, path: r.path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "test" } },
        body,
        isBase64Encoded: false,
      };
      const res = await handler(event, { awsRequestId: "req", functionName: "form" });
      for (const c of res.cookies ?? []) { const [pair] = c.split(";"); const i = pair.indexOf("="); jar.set(pair.slice(0, i), pair.slice(i + 1)); }
      replies.push({ status: res.statusCode, body: res.isBase64Encoded ? Buffer.from(res.body, "base64").toString("utf8") : res.body });
    }
    process.stdout.write(JSON.stringify(replies));
  `;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SST_") && !["TOKEN_SECRET", "SESSION_SECRET", "LAMBDA_TASK_ROOT"].includes(k)));
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: artifact,
    env: {
      ...clean,
      LAMBDA_TASK_ROOT: artifact,
      // The function's own environment (infra/api.ts), with the test's DynamoDB Local and table.
      TABLE_NAME: process.env.TABLE_NAME!,
      DYNAMO_ENDPOINT: process.env.DYNAMO_ENDPOINT!,
      SST_APP: "school-feedback",
      SST_STAGE: "test",
      SST_Secret_value_TOKEN_SECRET: "from-ssm",
      SST_Secret_value_SESSION_SECRET: "from-ssm-too",
      AWS_REGION: "us-east-1",
      LOG_LEVEL: "error",
      NODE_NO_WARNINGS: "1",
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Reply[];
}

const say = (locale: string, key: keyof (typeof sources)["en"], values?: Record<string, number>) =>
  String(new IntlMessageFormat(sources[locale]![key], locale).format(values));
/** Text as the page escapes it. */
const html = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

describe("the built form function, run as in Lambda", () => {
  it("renders translated status pages from the copied catalogues, left to right and right to left", { timeout: 60_000 }, () => {
    const [es, ar] = invoke([
      { method: "GET", path: "/nothing-here", language: "es-MX,es;q=0.9" },
      { method: "GET", path: "/nothing-here", language: "ar" },
    ]);
    expect(es!.status).toBe(404);
    expect(es!.body).toMatch(/<html[^>]* lang="es"/);
    expect(es!.body).toMatch(/<html[^>]* dir="ltr"/);
    expect(es!.body).toContain(html(say("es", "status.not_found.title")));
    expect(es!.body).toContain(html(say("es", "status.not_found.body")));
    expect(ar!.status).toBe(404);
    expect(ar!.body).toMatch(/<html[^>]* lang="ar"/);
    expect(ar!.body).toMatch(/<html[^>]* dir="rtl"/);
    expect(ar!.body).toContain(html(say("ar", "status.not_found.title")));
  });

  it("formats plural and argument messages without the parser: a survey page, and its errors", { timeout: 60_000 }, async () => {
    const { slug } = await openSurvey({
      content: Survey.Content.parse({
        defaultLanguage: "en",
        languages: ["en", "es", "ar"],
        title: { en: "Our school", es: "Nuestra escuela", ar: "مدرستنا" },
        questions: [
          {
            id: "safe",
            type: "single_choice",
            required: true,
            text: { en: "Do you feel welcome?", es: "¿Se siente bienvenido?", ar: "هل تشعر بالترحيب؟" },
            options: [
              { id: "yes", text: { en: "Yes", es: "Sí", ar: "نعم" } },
              { id: "no", text: { en: "No", es: "No", ar: "لا" } },
            ],
          },
          { id: "idea", type: "short_text", maxLength: 2, text: { en: "One idea", es: "Una idea", ar: "فكرة واحدة" } },
        ],
      }),
    });
    const [page, invalid, arabic] = invoke([
      { method: "GET", path: `/p/${slug}`, language: "es" },
      // "Next" without the required answer: the page again, with its error summary.
      { method: "POST", path: `/p/${slug}`, language: "es", form: { _csrf: "{csrf}", _at: "safe", _action: "next" } },
      { method: "GET", path: `/p/${slug}`, language: "ar" },
    ]);
    expect(page!.status).toBe(200);
    expect(page!.body).toMatch(/<html[^>]* lang="es"/);
    expect(page!.body).toContain(html(say("es", "hint.max_length", { limit: 2 })));
    expect(page!.body).toContain(html(say("es", "progress", { current: 1, total: 2 })));
    expect(invalid!.status).toBe(400);
    expect(invalid!.body).toContain(html(say("es", "errors.summary", { count: 1 })));
    expect(invalid!.body).toContain(html(say("es", "error.response.required")));
    expect(arabic!.status).toBe(200);
    expect(arabic!.body).toMatch(/<html[^>]* dir="rtl"/);
    expect(arabic!.body).toContain(html(say("ar", "hint.max_length", { limit: 2 })));
  });
});

describe("the built API function, run as in Lambda", () => {
  // Bundled without keepNames (infra/bundling.ts) and with core's zod/mini schemas beside classic zod:
  // the OpenAPI document is generated from both, and a refused body still says what is wrong.
  it("serves its OpenAPI document and explains a refused body", { timeout: 60_000 }, () => {
    const [doc, refused] = invoke(
      [
        { method: "GET", path: "/api/openapi.json", language: "en" },
        { method: "POST", path: "/api/auth/start", language: "en", json: { email: "not an address" } },
      ],
      API,
    );
    expect(doc!.status).toBe(200);
    const spec = JSON.parse(doc!.body) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    // A body built from zod/mini schemas (Survey.CreateInput without orgId and id).
    const create = spec.paths["/api/surveys"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(create.properties ?? {})).toEqual(expect.arrayContaining(["content", "anonymity", "slug"]));
    expect(Object.keys(create.properties ?? {})).not.toContain("orgId");
    expect(refused!.status).toBe(400);
    const { error } = JSON.parse(refused!.body) as { error: { code: string; message: string } };
    expect(error.code).toBe("input.invalid");
    expect(error.message).toMatch(/^email: \w/);
    expect(error.message).not.toMatch(/^email: Invalid input$/);
  });
});

