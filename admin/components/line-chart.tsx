import type { AdminDistribution } from '../../shared/admin-api.ts';
import { t } from '../i18n.ts';
import { axisMax, cumulativeShares, linePath, ticks, xAt, yAt, type Box } from '../lib/chart.ts';
import { fmt } from '../models/session.ts';
import { colorAt } from './colors.ts';

type Team = AdminDistribution['teams'][number];
const BOX: Box = { width: 420, height: 220, left: 52, right: 12, top: 12, bottom: 30 };

/**
 * Each rep's cumulative share of the team's counted turns over the buckets, with a
 * dashed line at their target share. Drawn by hand as SVG: no chart library.
 */
export function LineChart({ team }: { team: Team }) {
  const f = fmt.value;
  const shares = cumulativeShares(team.reps.map((r) => r.repId), team.series);
  const max = axisMax([...Object.values(shares).flat().filter((v): v is number => v !== null), ...team.reps.map((r) => r.targetShare)]);
  const n = team.series.length;
  const label = t('chartLabel', {
    team: team.teamId,
    reps: team.reps.map((r) => t('chartRep', { rep: r.name, share: f.percent(r.share), target: f.percent(r.targetShare) })).join('; '),
  });
  const first = team.series[0];
  const last = team.series.at(-1);
  return (
    <figure>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={label} data-testid={`chart-${team.teamId}`}>
        <title>{label}</title>
        {ticks(max).map((v) => {
          const y = yAt(v, max, BOX);
          return (
            <g key={v}>
              <line x1={BOX.left} x2={BOX.width - BOX.right} y1={y} y2={y} class="grid" />
              <text x={BOX.left - 6} y={y + 5} text-anchor="end">{f.percent(v)}</text>
            </g>
          );
        })}
        {team.reps.map((rep, i) => {
          const y = yAt(rep.targetShare, max, BOX);
          const values = shares[rep.repId] ?? [];
          const end = values.at(-1);
          return (
            <g key={rep.repId} stroke={colorAt(i)}>
              <line x1={BOX.left} x2={BOX.width - BOX.right} y1={y} y2={y} stroke-dasharray="6 5" stroke-width={1.5} />
              <path d={linePath(values, max, BOX)} fill="none" stroke-width={2.5} />
              {end !== null && end !== undefined && <circle cx={xAt(n - 1, n, BOX)} cy={yAt(end, max, BOX)} r={4} fill={colorAt(i)} />}
            </g>
          );
        })}
        {first && <text x={BOX.left} y={BOX.height - 8}>{f.day(first.start)}</text>}
        {last && n > 1 && <text x={BOX.width - BOX.right} y={BOX.height - 8} text-anchor="end">{f.day(last.start)}</text>}
      </svg>
      <figcaption>
        <ul class="legend">
          {team.reps.map((rep, i) => (
            <li key={rep.repId}>
              <span class="swatch" style={{ borderColor: colorAt(i) }} />{rep.name}{' '}
              <span class="swatch dashed" style={{ borderColor: colorAt(i) }} />{t('target')}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
