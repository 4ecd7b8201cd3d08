import type { ComponentChildren } from 'preact';

/**
 * A step's heading. `tabIndex=-1` lets the app move focus here when the step changes,
 * so keyboard and screen reader users start reading at the new content; the id names
 * the popup dialog (one widget per shadow root, so it is unique there).
 */
export function Heading({ children }: { children: ComponentChildren }) {
  return <h2 id="usher-title" tabIndex={-1}>{children}</h2>;
}
