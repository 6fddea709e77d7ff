// How every function is bundled (SST runs esbuild with these on top of its own ESM settings).
// bench/bundle.ts builds with the same object to measure sizes and cold imports, so the figures in
// bench/RESULTS.md are those of what `sst deploy` uploads.
export const bundling = {
  format: "esm" as const,
  minify: true,
  esbuild: {
    // The nodejs22.x runtime ships AWS SDK v3; importing it from there (CDK's NodejsFunction default
    // too) keeps every bundle to our own code: the form function goes from 1.3 MB to ~0.3 MB.
    external: ["@aws-sdk/*"],
    // Translations as UTF-8 rather than \u escapes: an Arabic or Russian catalogue is half the size.
    charset: "utf8" as const,
  },
};
