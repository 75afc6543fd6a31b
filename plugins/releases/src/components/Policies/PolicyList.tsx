import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Table, TableColumn } from '@backstage/core-components';
import {
  ApprovalPolicy,
  ApprovalRequirement,
} from '@backstage-itsm/plugin-releases-common';
import { EntityName } from '../shared/EntityName';
import { describeReviewAfter, describeWhen } from './describePolicy';

/** `2 from Change Advisory Board` or `1 from the owning group`. */
export function RequirementText(props: { requirement: ApprovalRequirement }) {
  const { requirement } = props;
  return (
    <>
      {requirement.count} from{' '}
      {requirement.owner || !requirement.group ? (
        'the owning group'
      ) : (
        <EntityName entityRef={requirement.group} defaultKind="group" />
      )}
    </>
  );
}

function Lines(props: { lines: string[]; none: string }) {
  if (props.lines.length === 0) {
    return <>{props.none}</>;
  }
  return (
    <Box component="ul" m={0} pl={0} style={{ listStyle: 'none' }}>
      {props.lines.map(line => (
        <li key={line}>{line}</li>
      ))}
    </Box>
  );
}

const columns: TableColumn<ApprovalPolicy>[] = [
  {
    title: 'Policy',
    field: 'name',
    highlight: true,
    render: policy => (
      <>
        <Typography variant="body2" component="div">
          <strong>{policy.name}</strong>
        </Typography>
        {policy.description && (
          <Typography variant="caption" color="textSecondary" component="div">
            {policy.description}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Applies when',
    render: policy => (
      <Lines lines={describeWhen(policy.when)} none="Every release" />
    ),
  },
  {
    title: 'Required approvals',
    render: policy =>
      policy.require.length === 0 ? (
        'None'
      ) : (
        <Box component="ul" m={0} pl={0} style={{ listStyle: 'none' }}>
          {policy.require.map((requirement, index) => (
            <li key={index}>
              <RequirementText requirement={requirement} />
            </li>
          ))}
        </Box>
      ),
  },
  {
    title: 'Review after break-glass',
    render: policy => describeReviewAfter(policy.reviewAfter),
  },
];

/** The approval policies in effect, as configured in app-config. */
export function PolicyList(props: { policies: ApprovalPolicy[] }) {
  return (
    <Table<ApprovalPolicy>
      title="Policies in effect"
      data={props.policies}
      columns={columns}
      emptyContent={
        <Box p={2} color="text.secondary">
          No approval policies are configured: releases need no approval.
        </Box>
      }
      options={{
        search: false,
        paging: false,
        padding: 'dense',
        draggable: false,
        sorting: false,
      }}
    />
  );
}
