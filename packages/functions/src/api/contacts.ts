// Contact import: a CSV as the school's information system exports it (any of UTF-8, UTF-16 or
// Windows-1252, optionally gzipped by the console to fit the request limit), with an optional column
// mapping, becomes contacts and a per-row report (core contact/import.ts). A malformed file is a 400
// that names the problem, and nothing is written. Listing, searching and erasing are directory.ts's.
import { gunzipSync } from "node:zlib";
import { Hono } from "hono";
import * as z from "zod";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { VisibleError } from "@feedback/core/error";
import { limitBody } from "../http/common";
import { describe } from "./spec";

export const IMPORT_PATH = "/api/contacts/import";
/** The API Lambda's request limit is 6 MB, base64 included; gzip fits a 100,000-row file well within it. */
const MAX_UPLOAD = 4 * 1024 * 1024;
/** A decompression bomb stops here. */
const MAX_FILE = 64 * 1024 * 1024;

const bad = (code: string, message: string) => new VisibleError("input", code, message);

function bytesOf(raw: Uint8Array) {
  // gzip's magic number: the console may compress large files before sending them.
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return new Uint8Array(gunzipSync(raw, { maxOutputLength: MAX_FILE }));
    } catch {
      throw bad("import.gzip", "The compressed file could not be read. Please upload the CSV file itself.");
    }
  }
  return raw;
}

export const contacts = new Hono().post(
  "/contacts/import",
  describe({
    tag: "contacts",
    access: "coordinator",
    summary: "Import contacts from a CSV file, with a per-row report",
    description:
      "multipart/form-data with `file` (the CSV, or gzip of it) and optional `mapping` (JSON: which columns hold name, email, phone, language, " +
      "channel and attributes; recognised from the header when left out), `dryRun` (\"true\" to report without writing) and `detail` (\"all\" " +
      "for every row). Or the CSV itself as the body (text/csv), with `mapping`, `dryRun` and `detail` in the query string.",
    response: Contact.ImportReport,
  }),
  limitBody(MAX_UPLOAD),
  async (c) => {
    const type = c.req.header("content-type") ?? "";
    let file: Uint8Array;
    let fields: Record<string, string | undefined>;
    if (type.startsWith("multipart/form-data")) {
      // A multipart body that does not parse is the client's mistake (a cut upload, a wrong boundary), not ours.
      const form = await c.req.parseBody().catch(() => {
        throw bad("import.unreadable", "The upload could not be read. Please choose the file and try again.");
      });
      const upload = form.file;
      if (!(upload instanceof File)) throw bad("import.no_file", "Choose a CSV file to import.");
      file = new Uint8Array(await upload.arrayBuffer());
      fields = { mapping: str(form.mapping), dryRun: str(form.dryRun), detail: str(form.detail) };
    } else {
      file = new Uint8Array(await c.req.arrayBuffer());
      fields = { mapping: c.req.query("mapping"), dryRun: c.req.query("dryRun"), detail: c.req.query("detail") };
    }
    let mapping: unknown;
    if (fields.mapping) {
      try {
        mapping = JSON.parse(fields.mapping);
      } catch {
        throw bad("import.mapping", "The column mapping is not valid JSON.");
      }
    }
    const input = z
      .object({ mapping: Contact.ImportMapping.optional(), dryRun: z.enum(["true", "false"]).optional(), detail: z.enum(["problems", "all"]).optional() })
      .safeParse({ mapping, dryRun: fields.dryRun, detail: fields.detail });
    if (!input.success) throw bad("import.mapping", `The import options are not valid: ${input.error.issues[0]?.message ?? ""}`);
    const report = await Contact.importContacts({
      orgId: Actor.orgId(),
      file: bytesOf(file),
      mapping: input.data.mapping,
      dryRun: input.data.dryRun === "true",
      detail: input.data.detail ?? "problems",
    });
    return c.json({ result: report }, 200);
  },
);

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
