/**
 * A link under the server's public address. `publicUrl` may end in a slash or not, and
 * `path` may start with one or not: there is exactly one slash between them.
 */
export function publicLink(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
