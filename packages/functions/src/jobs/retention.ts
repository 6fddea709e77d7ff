// Scheduled job entry point (EventBridge in AWS, the local scheduler locally).
import "../secrets";
import { Log } from "@feedback/core/log";
import { jobs } from "./index";

export const handler = async (event: { id?: string } = {}) =>
  Log.withRequest(event.id, () => jobs.retention.run());
