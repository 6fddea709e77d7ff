// A send worker in a process of its own, for the crash test: it runs the Lambda's handler on the
// batches its parent sends, so the parent can kill it (SIGKILL, no chance to clean up) in the middle
// of one. It reaches the same DynamoDB Local table and SES emulator through the inherited environment.
import { handler } from "../../src/workers/send";

process.on("message", async (msg: { records: Parameters<typeof handler>[0]["Records"] }) => {
  const result = await handler({ Records: msg.records });
  process.send!({ type: "done", result });
});
process.send!({ type: "ready" });
