// A tiny HTTP client for tests that drives a Hono app the way a browser without JavaScript would:
// it keeps cookies, posts url-encoded forms, and follows nothing automatically (tests assert redirects).
import type { Hono } from "hono";

export type Page = { status: number; html: string; location: string | null; headers: Headers };

export function client(app: Hono<any, any, any>, ip = "192.0.2.1", headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const send = async (path: string, init: RequestInit = {}): Promise<Page> => {
    const res = await app.request(
      `http://127.0.0.1${path}`,
      { ...init, headers: { ...headers, ...(jar.size ? { cookie: cookieHeader() } : {}), ...(init.headers as Record<string, string>) } },
      { incoming: { socket: { remoteAddress: ip } } },
    );
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, v] = pair!.split("=");
      jar.set(k!.trim(), v ?? "");
    }
    return { status: res.status, html: await res.text(), location: res.headers.get("location"), headers: res.headers };
  };
  return {
    jar,
    get: (path: string, h: Record<string, string> = {}) => send(path, { headers: h }),
    /** Posts fields as a browser would; `_csrf` is taken from the last page when not given. */
    post: (path: string, fields: [string, string][] | Record<string, string>, h: Record<string, string> = {}) => {
      const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
      return send(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...h } });
    },
    csrf: () => jar.get("fc") ?? "",
  };
}

/** The value of a hidden input on a page. */
export const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
