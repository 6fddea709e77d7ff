// SST v2 entry point: it only wires the stacks in infra/ (infra/index.ts).
import type { SSTConfig } from "sst";
import { stacks } from "./infra";

export default {
  config() {
    return { name: "school-feedback", region: process.env.AWS_REGION ?? "us-east-1" };
  },
  stacks(app) {
    stacks(app);
  },
} satisfies SSTConfig;
