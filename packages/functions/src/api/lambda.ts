// The API Lambda: the same Hono app the local server mounts under /api.
import { handle } from "hono/aws-lambda";
import { api } from "./app";

export const handler = handle(api);
