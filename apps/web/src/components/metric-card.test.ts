import { describe, expect, it } from 'vitest';
import { computeChange } from './metric-card';

describe('computeChange', () => {
  it('compares counts relatively to the previous period', () => {
    expect(computeChange(15, 10)).toEqual({ direction: 'up', percent: 50, good: true });
    expect(computeChange(5, 10)).toEqual({ direction: 'down', percent: 50, good: false });
    expect(computeChange(10, 10)).toEqual({ direction: 'flat', percent: 0, good: null });
  });
  it('gives no percentage when there was nothing before', () => {
    expect(computeChange(3, 0)).toEqual({ direction: 'up', percent: null, good: true });
    expect(computeChange(0, 0)).toEqual({ direction: 'flat', percent: null, good: null });
  });
  it('compares rates in points and handles missing rates', () => {
    expect(computeChange(0.9, 0.75, 'rate')).toEqual({ direction: 'up', percent: 15, good: true });
    expect(computeChange(0.5, null, 'rate')).toEqual({ direction: 'flat', percent: null, good: null });
    expect(computeChange(null, 0.5, 'rate').percent).toBeNull();
  });
  it('counts a shorter duration as the good news', () => {
    expect(computeChange(60, 120, 'duration')).toEqual({ direction: 'down', percent: 50, good: true });
    expect(computeChange(120, 60, 'duration')).toEqual({ direction: 'up', percent: 100, good: false });
  });
});
