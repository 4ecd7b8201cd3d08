import { t } from '../i18n.ts';
import { axisMax } from '../lib/chart.ts';
import type { SimulatedRep } from '../models/simulate.ts';
import { fmt } from '../models/session.ts';
import { colorAt } from './colors.ts';

const WIDTH = 420;
const LABEL = 130;
const ROW = 40;

/** Per rep a bar of the simulated share and a dashed mark at the target share, hand-drawn as SVG. */
export function BarChart({ teamId, reps }: { teamId: string; reps: SimulatedRep[] }) {
  const f = fmt.value;
  const max = axisMax(reps.flatMap((r) => [r.share, r.targetShare]));
  const x = (v: number) => LABEL + ((WIDTH - LABEL - 60) * v) / max;
  const label = t('barLabel', {
    team: teamId,
    reps: reps.map((r) => t('chartRep', { rep: r.name, share: f.percent(r.share), target: f.percent(r.targetShare) })).join('; '),
  });
  return (
    <svg viewBox={`0 0 ${WIDTH} ${reps.length * ROW + 8}`} role="img" aria-label={label} data-testid={`bars-${teamId}`}>
      <title>{label}</title>
      {reps.map((rep, i) => {
        const y = i * ROW + 8;
        return (
          <g key={rep.repId}>
            <text x={LABEL - 8} y={y + 20} text-anchor="end">{rep.name}</text>
            <rect x={LABEL} y={y + 4} width={Math.max(1, x(rep.share) - LABEL)} height={22} fill={colorAt(i)} />
            <line x1={x(rep.targetShare)} x2={x(rep.targetShare)} y1={y} y2={y + 30} stroke="#111" stroke-width={2} stroke-dasharray="4 3" />
            <text x={x(Math.max(rep.share, rep.targetShare)) + 6} y={y + 20}>{f.percent(rep.share)}</text>
          </g>
        );
      })}
    </svg>
  );
}
