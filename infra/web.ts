// The coordinator console: packages/web built by Vite, served from S3 through CloudFront. The same
// distribution forwards `/api/*` to the HTTP API, so the console and its API share one origin, as they
// do on the local server: the session cookie stays SameSite, the CSRF check can compare `Origin` with
// the console's URL, and no CORS is needed. That is also why VITE_API_URL is empty (same origin);
// VITE_PUBLIC_URL is where family links and QR codes point (the form app on the HTTP API).
import { Fn } from "aws-cdk-lib";
import {
  AllowedMethods,
  CachePolicy,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { StaticSite, use, type StackContext } from "sst/constructs";
import { Api } from "./api";

/** Where the console's source is and how it is built. */
export const CONSOLE_SOURCE = { path: "packages/web", buildOutput: "dist", buildCommand: "npm run build" };

/**
 * CDK context key that replaces CONSOLE_SOURCE, e.g. `{ path: "/tmp/prebuilt", buildOutput: ".",
 * buildCommand: undefined }`. The infra tests use it to synthesise against a prebuilt page instead of
 * building the real console on every test run.
 */
export const CONSOLE_SOURCE_CONTEXT = "feedback:consoleSource";

/**
 * SPA routing without CloudFront error pages: a path whose last segment has no extension is a console
 * route and gets index.html. (SST's default turns every 403/404 into index.html, distribution-wide,
 * which would also rewrite the API's own 403 and 404 answers into HTML.)
 */
const SPA_ROUTING = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

export function Web({ stack }: StackContext) {
  const { api, apiFunction } = use(Api);
  const source = { ...CONSOLE_SOURCE, ...stack.node.tryGetContext(CONSOLE_SOURCE_CONTEXT) };

  const spaRouting = new CloudFrontFunction(stack, "ConsoleRouting", {
    code: FunctionCode.fromInline(SPA_ROUTING),
    runtime: FunctionRuntime.JS_2_0,
  });
  const apiOrigin = new HttpOrigin(Fn.join("", [api.httpApiId, ".execute-api.", stack.region, ".", stack.urlSuffix]), {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
  });

  const site = new StaticSite(stack, "Console", {
    ...source,
    environment: { VITE_API_URL: "", VITE_PUBLIC_URL: api.url },
    cdk: {
      distribution: {
        errorResponses: [],
        defaultBehavior: {
          functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
        additionalBehaviors: {
          "/api/*": {
            origin: apiOrigin,
            viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: AllowedMethods.ALLOW_ALL,
            cachePolicy: CachePolicy.CACHING_DISABLED,
            // Cookies, query strings and Origin reach the API; Host must be the API's own for API Gateway.
            originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          },
        },
      },
    },
  });

  // The API learns the console's URL (for sign-in links and the Origin check) at runtime through SST's
  // site binding (an SSM parameter), which avoids a cycle: this stack already depends on the API's.
  apiFunction.bind([site]);

  stack.addOutputs({ ConsoleUrl: site.url });
  return { site };
}
