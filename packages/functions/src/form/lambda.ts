// The form Lambda: the same Hono app the local server mounts, behind the HTTP API.
import { handle } from "hono/aws-lambda";
import { form } from "./app";

export const handler = handle(form);
