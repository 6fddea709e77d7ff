// The unsubscribe Lambda: the same Hono app the local server mounts, behind the HTTP API.
// Secrets first: unsubscribe links are checked with TOKEN_SECRET (core reads it from the environment).
import "../secrets";
import { handle } from "hono/aws-lambda";
import { unsubscribe } from "./app";

export const handler = handle(unsubscribe);
