import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CabDecisionValue,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorMessage } from '../shared/errors';
import { ReasonDialog } from '../shared/ReasonDialog';

const TEXT: Record<
  CabDecisionValue,
  {
    title: string;
    description: string;
    confirm: string;
    required: boolean;
    helpWhenEmpty: string;
    helpWhenFilled: string;
  }
> = {
  approved: {
    title: 'Approve for the board',
    description:
      "The board's approval counts as this board's approval of the release.",
    confirm: 'Approve',
    required: false,
    helpWhenEmpty: 'Optional: conditions or remarks for the minutes.',
    helpWhenFilled: 'Recorded with the decision.',
  },
  rejected: {
    title: 'Reject',
    description:
      'The release cannot deploy until it is changed and the board approves it.',
    confirm: 'Reject',
    required: true,
    helpWhenEmpty: 'Required: tell the owners why the board rejects it.',
    helpWhenFilled: 'Sent to the owners with the decision.',
  },
  deferred: {
    title: 'Defer to a later meeting',
    description:
      'The release stays waiting for the board and comes back on a later agenda.',
    confirm: 'Defer',
    required: false,
    helpWhenEmpty: 'Optional: what the board needs before deciding.',
    helpWhenFilled: 'Recorded with the decision.',
  },
};

/** Asks for the comment of a board decision and records it. */
export function CabDecisionDialog(props: {
  meetingId: string;
  release: Release;
  decision: CabDecisionValue;
  onDone: () => void;
  onClose: () => void;
}) {
  const { meetingId, release, decision, onDone, onClose } = props;
  const releasesApi = useApi(releasesApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const text = TEXT[decision];
  return (
    <ReasonDialog
      title={`${text.title}: ${release.title}`}
      description={text.description}
      fieldLabel={decision === 'rejected' ? 'Reason' : 'Comment'}
      required={text.required}
      helpWhenEmpty={text.helpWhenEmpty}
      helpWhenFilled={text.helpWhenFilled}
      confirmLabel={text.confirm}
      confirmColor={decision === 'rejected' ? 'secondary' : 'primary'}
      busy={busy}
      error={error}
      onClose={onClose}
      onConfirm={async comment => {
        setBusy(true);
        setError(undefined);
        try {
          await releasesApi.decideCabItem(meetingId, release.id, {
            decision,
            comment,
          });
          onDone();
        } catch (e) {
          setError(errorMessage(e));
          setBusy(false);
        }
      }}
    />
  );
}
