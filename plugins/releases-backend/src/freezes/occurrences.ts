import {
  FreezeOccurrence,
  RuntimeFreeze,
} from '@backstage-itsm/plugin-releases-common';

/** Where the calendar and the gate read runtime freezes: fresh on every call. */
export interface RuntimeFreezeSource {
  activeAt(at: Date): Promise<RuntimeFreeze[]>;
  between(from: Date, to: Date): Promise<RuntimeFreeze[]>;
}

/**
 * Whether the freeze is in force at some time in [from, to): the condition
 * RuntimeFreezeSource.between reads with, for freezes already read over a
 * wider range. A freeze lifted before it started never is.
 */
export function inForceDuring(
  freeze: RuntimeFreeze,
  from: Date,
  to: Date,
): boolean {
  const start = Date.parse(freeze.startsAt);
  const until = freeze.liftedAt ?? freeze.endsAt;
  return (
    start < to.getTime() &&
    (until === null ||
      (Date.parse(until) > from.getTime() && Date.parse(until) > start))
  );
}

/**
 * A runtime freeze as a freeze occurrence, so that it blocks, shows and
 * conflicts exactly as a configured window does. It ends when it was
 * lifted, at its end, or (open-ended) at `openEnd`, the end of the range
 * asked about.
 */
export function runtimeOccurrence(
  freeze: RuntimeFreeze,
  openEnd: Date,
): FreezeOccurrence {
  const end = freeze.liftedAt ?? freeze.endsAt;
  return {
    window: freeze.name,
    kind: 'freeze',
    start: freeze.startsAt,
    end:
      end ??
      new Date(
        Math.max(openEnd.getTime(), Date.parse(freeze.startsAt)),
      ).toISOString(),
    timezone: 'UTC',
    environments: freeze.environments,
    allow: freeze.allow,
    ...(freeze.selector ? { selector: freeze.selector } : {}),
    runtime: {
      freezeId: freeze.id,
      reason: freeze.reason,
      declaredBy: freeze.declaredBy,
      openEnded: end === null,
    },
  };
}
