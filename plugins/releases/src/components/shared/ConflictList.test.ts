import { conflictsOfCalendar, conflictsOfWarnings } from './ConflictList';

const day = (d: number, from: number, to: number) => ({
  start: `2026-12-${d}T${String(from).padStart(2, '0')}:00:00Z`,
  end: `2026-12-${d}T${String(to).padStart(2, '0')}:00:00Z`,
});

describe('conflictsOfWarnings', () => {
  it("lists a recurring freeze once with every overlap, and each of a release's collisions", () => {
    const conflicts = conflictsOfWarnings([
      {
        kind: 'freeze',
        window: 'No Friday deploys',
        message: 'planned into the freeze',
        overlap: day(18, 14, 18),
      },
      {
        kind: 'collision',
        releaseId: 'r-ledger',
        message: '"A" and "Ledger" both change ledger-service',
        overlap: day(11, 9, 12),
      },
      {
        kind: 'freeze',
        window: 'No Friday deploys',
        message: 'planned into the freeze',
        overlap: day(11, 14, 18),
      },
      {
        kind: 'collision',
        releaseId: 'r-ledger',
        message: '"A" and "Ledger" change the two sides of ledger-api',
        overlap: day(11, 9, 12),
      },
    ]);
    expect(conflicts.map(c => [c.kind, c.message, c.overlaps])).toEqual([
      [
        'collision',
        '"A" and "Ledger" both change ledger-service',
        [day(11, 9, 12)],
      ],
      [
        'collision',
        '"A" and "Ledger" change the two sides of ledger-api',
        [day(11, 9, 12)],
      ],
      ['freeze', 'planned into the freeze', [day(11, 14, 18), day(18, 14, 18)]],
    ]);
  });
});

describe('conflictsOfCalendar', () => {
  it('keeps two kinds of collision of one pair apart, with their kinds', () => {
    const conflicts = conflictsOfCalendar({
      releases: [],
      freezeConflicts: [],
      collisions: [
        {
          kind: 'component',
          releaseIds: ['b', 'a'],
          entities: ['component:default/x'],
          message: 'both change x',
          overlap: day(9, 9, 10),
        },
        {
          kind: 'api',
          releaseIds: ['a', 'b'],
          entities: ['api:default/y'],
          message: 'change the two sides of y',
          overlap: day(9, 9, 10),
        },
      ],
    });
    expect(conflicts.map(c => [c.collisionKind, c.message])).toEqual([
      ['component', 'both change x'],
      ['api', 'change the two sides of y'],
    ]);
  });
});
