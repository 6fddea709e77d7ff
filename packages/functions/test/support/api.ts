// A JSON client for API tests that behaves like the console in a browser: it keeps the cookies the
// API sets, sends the console's Origin on every request, and comes from one IP address.
import type { Hono } from "hono";

export type Answer = { status: number; body: any; headers: Headers };

export function apiClient(app: Hono<any, any, any>, opts: { ip?: string; base?: string; origin?: string; headers?: Record<string, string> } = {}) {
  const base = opts.base ?? "http://127.0.0.1";
  const origin = opts.origin ?? base;
  const jar = new Map<string, string>();
  const request = async (method: string, path: string, json?: unknown, extra: Record<string, string> = {}): Promise<Answer> => {
    const headers: Record<string, string> = { origin, ...opts.headers, ...extra };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (json !== undefined) headers["content-type"] = "application/json";
    const res = await app.request(`${base}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }, {
      incoming: { socket: { remoteAddress: opts.ip ?? "192.0.2.50" } },
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(";");
      const [k, v = ""] = pair!.split("=");
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || v === "") jar.delete(k!.trim());
      else jar.set(k!.trim(), v);
    }
    const type = res.headers.get("content-type") ?? "";
    const body = type.includes("json") ? await res.json() : await res.text();
    return { status: res.status, body, headers: res.headers };
  };
  return {
    jar,
    get: (path: string, h?: Record<string, string>) => request("GET", path, undefined, h),
    post: (path: string, json?: unknown, h?: Record<string, string>) => request("POST", path, json ?? {}, h),
    put: (path: string, json?: unknown) => request("PUT", path, json ?? {}),
    patch: (path: string, json?: unknown) => request("PATCH", path, json ?? {}),
    delete: (path: string) => request("DELETE", path),
    request,
  };
}
