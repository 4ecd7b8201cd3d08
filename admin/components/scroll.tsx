import type { ComponentChildren } from 'preact';

/**
 * A region that scrolls sideways instead of the page (tables at 390 px): focusable and
 * named, so keyboard users can scroll it and screen readers say what it holds.
 */
export function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll" role="region" tabIndex={0} aria-label={label}>
      {children}
    </div>
  );
}
