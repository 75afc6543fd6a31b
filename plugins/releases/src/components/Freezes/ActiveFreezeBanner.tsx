import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useApi } from '@backstage/core-plugin-api';
import { FreezeOccurrence } from '@backstage-itsm/plugin-releases-common';
import { DateTime } from 'luxon';
import { releasesApiRef, ScopeOptions } from '../../api';
import { useLiveLoader } from '../../hooks';
import { formatDateTime, typeLabel } from '../shared/format';
import { humanizeValue } from '../shared/labels';

function inForce(occurrence: FreezeOccurrence, now: number): boolean {
  return (
    occurrence.kind === 'freeze' &&
    Date.parse(occurrence.start) <= now &&
    now < Date.parse(occurrence.end)
  );
}

function describe(occurrence: FreezeOccurrence): string {
  const until = occurrence.runtime?.openEnded
    ? 'until lifted'
    : `until ${formatDateTime(occurrence.end)}`;
  const allowed =
    occurrence.allow.length > 0
      ? ` ${occurrence.allow
          .map(typeLabel)
          .join(', ')} releases may still deploy.`
      : '';
  return `Deployments to ${occurrence.environments
    .map(humanizeValue)
    .join(', ')} are stopped ${until}.${allowed}`;
}

/**
 * The freezes in force now that cover a component, system or group's
 * releases: declared at runtime ("stop the line") or configured.
 */
export function ActiveFreezeBanner(props: {
  scope: ScopeOptions;
  /** The entity's live channel: the banner reloads with its releases. */
  liveChannel: string;
}) {
  const { scope, liveChannel } = props;
  const releasesApi = useApi(releasesApiRef);
  const scopeKey = JSON.stringify(scope);
  const calendar = useLiveLoader(
    () => {
      const now = DateTime.utc();
      return releasesApi.getCalendar({
        ...scope,
        from: now.toISO()!,
        to: now.plus({ days: 1 }).toISO()!,
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [releasesApi, scopeKey],
    liveChannel,
  );
  const now = Date.now();
  const freezes = [
    ...new Map(
      (calendar.value?.freezes ?? [])
        .filter(o => inForce(o, now))
        .map(o => [o.runtime?.freezeId ?? o.window, o]),
    ).values(),
  ];
  if (freezes.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {freezes.map(freeze => (
        <Alert
          key={freeze.runtime?.freezeId ?? freeze.window}
          severity="error"
          role="status"
          aria-label={`Freeze in force: ${freeze.window}`}
        >
          <AlertTitle>Freeze in force: {freeze.window}</AlertTitle>
          {freeze.runtime?.reason && <div>{freeze.runtime.reason}</div>}
          {describe(freeze)}
        </Alert>
      ))}
    </Box>
  );
}
