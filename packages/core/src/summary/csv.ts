// CSV for spreadsheets (RFC 4180): fields with commas, quotes or line breaks are quoted, and text that
// a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) is prefixed with an
// apostrophe. Survey answers and segment names are untrusted; a comment such as =HYPERLINK(...) must
// open as text. A UTF-8 byte order mark makes Excel read Arabic, Chinese or Vietnamese correctly.
const FORMULA = /^[=+\-@\t\r]/;

export function field(value: string | number | null | undefined) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: (string | number | null | undefined)[][]) {
  return "\ufeff" + rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}
