import { describe, expect, it } from 'vitest';
import { axisMax, cumulativeShares, linePath, xAt, yAt, type Box, type Bucket } from '../../admin/lib/chart.ts';

const bucket = (start: string, reps: [string, number, number][]): Bucket => ({ start, reps: reps.map(([repId, leads, credited]) => ({ repId, leads, credited })) });
const BOX: Box = { width: 100, height: 100, left: 0, right: 0, top: 0, bottom: 0 };

describe('cumulative shares of counted turns', () => {
  const series = [
    bucket('d1', [['ana', 0, 0], ['bo', 0, 0]]),
    bucket('d2', [['ana', 2, 0], ['bo', 1, 0]]),
    bucket('d3', [['ana', 1, 1], ['bo', 2, 0]]),
  ];

  it('counts leads less credited turns, summed over the buckets so far', () => {
    const shares = cumulativeShares(['ana', 'bo'], series);
    expect(shares.ana).toEqual([null, 2 / 3, 2 / 5]);
    expect(shares.bo).toEqual([null, 1 / 3, 3 / 5]);
  });

  it('ends at the period\'s share, and every bucket\'s shares add up to one', () => {
    const shares = cumulativeShares(['ana', 'bo'], series);
    // The API's share: (leads − credited) / counted over the period = ana 2/5.
    expect(shares.ana!.at(-1)).toBeCloseTo(0.4, 10);
    for (let i = 1; i < series.length; i++) expect(shares.ana![i]! + shares.bo![i]!).toBeCloseTo(1, 10);
  });

  it('gives a rep missing from the series a flat zero once the team has turns', () => {
    expect(cumulativeShares(['ana', 'cy'], [bucket('d1', [['ana', 1, 0]])]).cy).toEqual([0]);
  });
});

describe('chart geometry', () => {
  it('breaks the line where there is no share yet', () => {
    expect(linePath([null, 0.5, 1], 1, BOX)).toBe('M50 50L100 0');
    expect(linePath([0, null, 1], 1, BOX)).toBe('M0 100M100 0');
    expect(linePath([null], 1, BOX)).toBe('');
  });

  it('puts a single bucket in the middle and scales values to the axis top', () => {
    expect(xAt(0, 1, BOX)).toBe(50);
    expect(yAt(0.25, 0.5, BOX)).toBe(50);
    expect(yAt(0.9, 0.5, BOX)).toBe(0);
  });

  it('tops the axis at the next tenth above the largest share or target, within 10–100 %', () => {
    expect(axisMax([0.34, 0.5])).toBe(0.5);
    expect(axisMax([0.51])).toBe(0.6);
    expect(axisMax([0])).toBe(0.1);
    expect(axisMax([1])).toBe(1);
  });
});
