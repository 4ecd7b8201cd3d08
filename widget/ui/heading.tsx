import type { ComponentChildren } from 'preact';

/**
 * A step's heading. `tabIndex=-1` lets the app move focus here when the step changes,
 * so keyboard and screen reader users start reading at the new content.
 */
export function Heading({ children }: { children: ComponentChildren }) {
  return <h2 tabIndex={-1}>{children}</h2>;
}
