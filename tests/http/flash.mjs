// A form's outcome as a person sees it: the one-time message ("flash") of
// the page its redirect leads to, read with the same client (session).
// Messages never travel in the URL, so the redirect's Location is only
// the page (and anchor) to go back to.
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
export const unescapeHtml = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

// The flash of an HTML page: { kind: 'ok' | 'error', text } or null.
export function flashOf(html) {
  const m = html.match(/<p class="flash[^"]*" role="(?:status|alert)" id="flash" data-flash="(ok|error)">([^<]*)<\/p>/);
  return m ? { kind: m[1], text: unescapeHtml(m[2]) } : null;
}

// Follows the redirect res answered (303) with client and returns
// "ok: TEXT", "error: TEXT" or "none" (no redirect: "status N").
export async function outcomeOf(client, res) {
  const loc = res.headers.get('location');
  if (!loc) return `status ${res.status}`;
  if (/[?&](ok|err)=/.test(loc)) return `message in the URL: ${loc}`;
  const u = new URL(loc, client.base);
  const page = await client.get(u.pathname + u.search);
  const f = flashOf(page.text_);
  return f ? `${f.kind}: ${f.text}` : 'none';
}
