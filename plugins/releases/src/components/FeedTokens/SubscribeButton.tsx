import { useState } from 'react';
import Button from '@material-ui/core/Button';
import EventIcon from '@material-ui/icons/Event';
import { ScopeOptions } from '../../api/ReleasesApi';
import { FeedTokensDialog } from './FeedTokensDialog';

/** A **Subscribe** button that opens the feed-URL dialog for a scope. */
export function SubscribeButton(props: { scope?: ScopeOptions }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<EventIcon />}
        onClick={() => setOpen(true)}
      >
        Subscribe
      </Button>
      <FeedTokensDialog
        open={open}
        scope={props.scope}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
