import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { MarkdownContent } from '@backstage/core-components';
import {
  DeploymentStatus,
  ReleaseNotes,
} from '@backstage-itsm/plugin-releases-common';
import { EntityName } from '../shared/EntityName';
import { formatDateTime } from '../shared/format';
import { useLabels } from '../shared/labels';
import { taskStatusLabel } from './planLabels';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mb={2} component="section" aria-label={props.title}>
      <Typography variant="subtitle1" component="h4">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Items(props: { children: ReactNode }) {
  return (
    <Box component="ul" m={0} pl={2}>
      {props.children}
    </Box>
  );
}

function Empty(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}

/**
 * The generated notes as people read them (names, not refs; words, not enum
 * values), with what was written beside them. The Markdown download keeps
 * the refs, for pipelines.
 */
export function ReleaseNotesView(props: { notes: ReleaseNotes }) {
  const { notes } = props;
  const labels = useLabels();
  const written = notes.edited?.text ? (
    <Box mb={2}>
      <MarkdownContent content={notes.edited.text} />
      <Typography variant="caption" color="textSecondary">
        Written by{' '}
        <EntityName entityRef={notes.edited.updatedBy} defaultKind="user" /> on{' '}
        {formatDateTime(notes.edited.updatedAt)}
      </Typography>
    </Box>
  ) : null;
  if (notes.edited?.mode === 'override' && written) {
    return written;
  }

  return (
    <>
      <Section title="Components">
        {notes.components.length === 0 ? (
          <Empty>No components.</Empty>
        ) : (
          <Items>
            {notes.components.map(component => (
              <li key={component.entityRef}>
                <Typography variant="body2" component="span">
                  <EntityName
                    entityRef={component.entityRef}
                    defaultKind="component"
                  />
                  {component.version
                    ? ` ${component.version}`
                    : ' (no version given)'}
                  {Object.entries(component.fromVersions)
                    .map(([env, version]) => `, from ${version} in ${env}`)
                    .join('')}
                </Typography>
              </li>
            ))}
          </Items>
        )}
      </Section>
      {notes.deployments && (
        <Section title="Deployments">
          {notes.deployments.length === 0 ? (
            <Empty>No deployments were recorded for this release yet.</Empty>
          ) : (
            notes.deployments.map(group => (
              <Box key={group.environment} mb={1}>
                <Typography variant="body2">{group.environment}</Typography>
                <Items>
                  {group.items.map((item, index) => (
                    <li key={index}>
                      <Typography variant="body2" component="span">
                        <EntityName
                          entityRef={item.entityRef}
                          defaultKind="component"
                        />
                        {` ${item.version}: ${labels.deploymentStatus(
                          item.status as DeploymentStatus,
                        )} on ${formatDateTime(item.deployedAt)}`}
                      </Typography>
                    </li>
                  ))}
                </Items>
              </Box>
            ))
          )}
        </Section>
      )}
      <Section title="Tasks">
        {notes.tasks.length === 0 ? (
          <Empty>No tasks.</Empty>
        ) : (
          <Items>
            {notes.tasks.map((task, index) => (
              <li key={index}>
                <Typography variant="body2" component="span">
                  {`${task.title} (${labels.phase(
                    task.phase,
                  )}): ${taskStatusLabel(task.status)}`}
                  {task.assignee && (
                    <>
                      {', '}
                      <EntityName
                        entityRef={task.assignee}
                        defaultKind="user"
                      />
                    </>
                  )}
                  {task.skipReason
                    ? `; skipped because ${task.skipReason}`
                    : ''}
                </Typography>
              </li>
            ))}
          </Items>
        )}
      </Section>
      <Section title="Sign-offs">
        {notes.signoffs.length === 0 ? (
          <Empty>No sign-offs.</Empty>
        ) : (
          <Items>
            {notes.signoffs.map((signoff, index) => (
              <li key={index}>
                <Typography variant="body2" component="span">
                  {`${signoff.name}: `}
                  <EntityName entityRef={signoff.signer} defaultKind="user" />
                  {` on ${formatDateTime(signoff.signedAt)}`}
                  {signoff.comment ? `: ${signoff.comment}` : ''}
                </Typography>
              </li>
            ))}
          </Items>
        )}
      </Section>
      <Section title="Approvals">
        <Typography variant="body2">
          {labels.approvalStatus(notes.approvals.status)}
        </Typography>
        {notes.approvals.decisions.length > 0 && (
          <Items>
            {notes.approvals.decisions.map((decision, index) => (
              <li key={index}>
                <Typography variant="body2" component="span">
                  {`${labels.decision(decision.decision)} by `}
                  <EntityName
                    entityRef={decision.approver}
                    defaultKind="user"
                  />
                  {` on ${formatDateTime(decision.decidedAt)}`}
                  {decision.comment ? `: ${decision.comment}` : ''}
                </Typography>
              </li>
            ))}
          </Items>
        )}
      </Section>
      <Section title="Review">
        {notes.review ? (
          <Typography variant="body2">
            {`${labels.outcome(notes.review.outcome)}, reviewed by `}
            <EntityName
              entityRef={notes.review.reviewedBy}
              defaultKind="user"
            />
            {` on ${formatDateTime(notes.review.reviewedAt)}`}
          </Typography>
        ) : (
          <Empty>Not reviewed yet.</Empty>
        )}
      </Section>
      {written}
    </>
  );
}
