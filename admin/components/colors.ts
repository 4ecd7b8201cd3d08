/** Line and bar colours, each at least 4.5:1 on white; the legend names them too, so colour is never the only cue. */
export const COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];

/** The colour of the `i`th rep. */
export const colorAt = (i: number) => COLORS[i % COLORS.length]!;
