// How every function is bundled (SST runs esbuild with these on top of its own ESM settings), and what
// some functions need on top of that. bench/bundle.ts builds with the same objects to measure sizes
// and cold imports, so the figures in bench/RESULTS.md are those of what `sst deploy` uploads.

/** SST's `nodejs` function props, as far as we set them (esbuild's options as SST spreads them). */
export type NodeBundling = {
  format: "esm";
  minify: boolean;
  esbuild: { external: string[]; charset: "utf8"; keepNames: boolean; alias?: Record<string, string> };
};
/** What one function needs on top of the defaults (SST `Function` props). */
export type FunctionBundling = { copyFiles?: { from: string; to: string }[]; nodejs?: NodeBundling };

export const bundling: NodeBundling = {
  format: "esm",
  minify: true,
  esbuild: {
    // The nodejs22.x runtime ships AWS SDK v3; importing it from there (CDK's NodejsFunction default
    // too) keeps every bundle to our own code: the form function goes from 1.3 MB to ~0.3 MB.
    external: ["@aws-sdk/*"],
    // Translations as UTF-8 rather than \u escapes: an Arabic or Russian catalogue is half the size.
    charset: "utf8",
    // SST turns keepNames on; CDK's NodejsFunction leaves it off, as here. It wraps every named function
    // and class in a __name() call run at load: 7% of the form bundle (10 KB) and work at every cold
    // start, only so that stack traces show original names. Ours carry explicit names where code reads
    // them (VisibleError, the SDK's errors), and SST uploads each bundle's source map beside the stack
    // to resolve a minified trace.
    keepNames: false,
  },
};

/**
 * The form's interface catalogues, compiled to one JSON file per locale (`npm run i18n`), copied beside
 * a function's bundle (SST puts it at the handler's path in the artifact), where
 * packages/core/src/i18n/form reads the one a request needs from `./compiled/`. Every function that
 * renders family pages (form/shell.tsx) needs them.
 */
export const formCatalogues = (handler: string) => ({
  from: "packages/core/src/i18n/form/compiled",
  // The loader's COMPILED_DIRECTORY (infra/bundle.suite.ts checks they agree).
  to: `${handler.slice(0, handler.lastIndexOf("/"))}/compiled`,
});

/**
 * intl-messageformat bundles the ICU parser (~28 KB) to parse message text at runtime. A function
 * whose messages are all compiled never calls it, and is bundled with the parser's no-parser entry
 * (the same AST helpers; `parse` throws). Only for functions that format compiled catalogues alone:
 * the messages and summary catalogues are still parsed at runtime.
 */
export const noIcuParser = { "@formatjs/icu-messageformat-parser": "@formatjs/icu-messageformat-parser/no-parser.js" };

/** A function that renders family pages: the form's catalogues beside its bundle, and what else it needs. */
const rendersFamilyPages = (handler: string, more: FunctionBundling = {}): [string, FunctionBundling] => [handler, { copyFiles: [formCatalogues(handler)], ...more }];

/** What a function's bundle needs on top of the defaults, by handler. */
export const functionBundling: Readonly<Record<string, FunctionBundling>> = Object.fromEntries([
  // Only the compiled form catalogues: no parser (checked by infra/bundle.suite.ts end to end).
  // `nodejs` replaces the default's as a whole (SST merges function props shallowly).
  rendersFamilyPages("packages/functions/src/form/lambda.handler", { nodejs: { ...bundling, esbuild: { ...bundling.esbuild, alias: noIcuParser } } }),
  // Family status pages, plus the messages and partner catalogues, parsed at runtime.
  rendersFamilyPages("packages/functions/src/unsubscribe/lambda.handler"),
  // The console's live preview of the family form, plus sign-in emails parsed at runtime.
  rendersFamilyPages("packages/functions/src/api/lambda.handler"),
]);

/** A function's props with its bundling settings (none beyond the defaults for most). */
export function bundled<P extends { handler: string }>(props: P): P & FunctionBundling {
  return { ...props, ...functionBundling[props.handler] };
}
