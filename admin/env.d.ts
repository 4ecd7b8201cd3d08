// Vite turns `?inline` CSS imports into the stylesheet's text (same declaration as widget/env.d.ts).
declare module '*.css?inline' {
  const css: string;
  export default css;
}
