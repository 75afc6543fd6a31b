import { findTransition, legalTransitions } from './phases';

describe('legalTransitions', () => {
  it('offers only the next phase and cancel from plan', () => {
    expect(legalTransitions('plan')).toEqual([
      { from: 'plan', to: 'design', kind: 'advance', reasonRequired: false },
      { from: 'plan', to: 'cancelled', kind: 'cancel', reasonRequired: false },
    ]);
  });

  it('offers next, one step back with a reason, and cancel from a middle phase', () => {
    expect(
      legalTransitions('test').map(t => [t.to, t.kind, t.reasonRequired]),
    ).toEqual([
      ['deploy', 'advance', false],
      ['build', 'back', true],
      ['cancelled', 'cancel', false],
    ]);
  });

  it('closes from review', () => {
    expect(legalTransitions('review').map(t => t.to)).toEqual([
      'closed',
      'deploy',
      'cancelled',
    ]);
  });

  it.each(['closed', 'cancelled'] as const)('offers nothing from %s', phase => {
    expect(legalTransitions(phase)).toEqual([]);
  });

  it('finds legal moves and refuses skips', () => {
    expect(findTransition('build', 'test')?.kind).toBe('advance');
    expect(findTransition('build', 'deploy')).toBeUndefined();
    expect(findTransition('build', 'plan')).toBeUndefined();
    expect(findTransition('closed', 'review')).toBeUndefined();
  });
});
