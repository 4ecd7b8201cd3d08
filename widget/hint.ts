let hinted = false;

/**
 * A browser refuses a cross-origin answer that does not allow this page, and the page
 * sees the same failure as being offline. The prospect is told to check the connection;
 * the marketer setting the widget up is told, once, in the console, where to look.
 */
export function hintAtOrigins(base: string): void {
  if (hinted || typeof location === 'undefined' || navigator.onLine === false) return;
  const server = new URL(base).origin;
  if (server === location.origin) return;
  hinted = true;
  console.warn(`Usher: ${server} could not be reached from this page. If the server is up, add ${location.origin} to organization.allowedOrigins in usher.config.yaml.`);
}
