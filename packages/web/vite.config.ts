// The coordinator console: a static single-page app (Preact), built to dist/ and served by the local
// server, or by S3 and CloudFront in AWS. It talks to the API on the same origin, so the session
// cookie stays SameSite=Strict and no CORS is needed.
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
});
