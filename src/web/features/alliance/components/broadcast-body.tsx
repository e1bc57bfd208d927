/**
 * The body as the server rendered it from the safe Markdown subset (decision 0303): escaped first,
 * only allow-listed tags and http(s)/mailto links; the browser only displays it.
 */
export function BroadcastBody({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered from an allow-list, see markdown.ts
  return <div className="xh-broadcast-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
