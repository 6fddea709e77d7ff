// The API Lambda: the same Hono app the local server mounts under /api.
import "../secrets";
import { handle } from "hono/aws-lambda";
import { api } from "./app";

export const handler = handle(api);
