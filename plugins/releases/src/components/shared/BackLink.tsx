import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { Link } from '@backstage/core-components';

/** A plain link back to a list, with an arrow in front. */
export function BackLink(props: { to: string; children: ReactNode }) {
  return (
    <Link to={props.to}>
      <Box
        component="span"
        display="inline-flex"
        alignItems="center"
        gridGap={4}
      >
        <ArrowBackIcon fontSize="small" aria-hidden />
        {props.children}
      </Box>
    </Link>
  );
}
