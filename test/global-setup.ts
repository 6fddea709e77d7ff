// Once per test run: start DynamoDB Local (in memory) and the SES emulator on free loopback ports,
// so a test run never collides with a running `npm start`. Each test file then creates its own table
// (test/setup.ts), so files run in parallel without seeing each other's data.
import type { TestProject } from "vitest/node";
import { startDynamo, startSes } from "../packages/functions/src/local/components";
import { ensureConsole } from "../packages/functions/src/local/console";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // Browser tests and the local stack serve the console's static build: build it first if it is
  // missing (a fresh clone) or older than its sources.
  ensureConsole();
  const [dynamo, ses] = await Promise.all([startDynamo(), startSes()]);
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("sesEndpoint", ses.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop()]);
  };
}
