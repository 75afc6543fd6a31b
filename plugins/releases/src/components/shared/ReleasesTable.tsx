import { MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Link,
  Table,
  TableColumn,
  TableProps,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { PhaseChip, TypeChip } from './ReleaseChips';
import { formatWindow } from './format';

/** Keeps a click on a link inside a row from also opening the row. */
function stopRowClick(event: MouseEvent) {
  event.stopPropagation();
}

/** The filled roles of a release listed with `include=roles`. */
function RoleHolders(props: { release: Release }) {
  const held = (props.release.roles ?? []).filter(role => role.holder);
  if (held.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ whiteSpace: 'nowrap' }}
      >
        Nobody assigned
      </Typography>
    );
  }
  return (
    <Box
      component="span"
      display="flex"
      flexDirection="column"
      onClick={stopRowClick}
    >
      {held.map(role => (
        <Typography
          key={role.id}
          variant="body2"
          component="span"
          style={{ whiteSpace: 'nowrap' }}
        >
          {`${role.title}: `}
          <EntityRefLink entityRef={role.holder!} defaultKind="user" />
        </Typography>
      ))}
    </Box>
  );
}

/** Wraps between words only: the table's cells otherwise break inside a word when squeezed. */
const wordsWhole = { wordBreak: 'normal', overflowWrap: 'normal' } as const;

/**
 * A title wraps between words, and breaks inside one (a long version or
 * ticket number) only when the word alone is wider than the column: the
 * table's cells would otherwise size the column as if any word could break.
 */
const titleWords = { wordBreak: 'normal', overflowWrap: 'break-word' } as const;

function columns(
  getReleaseLink: (release: Release) => string,
  showRoles: boolean,
): TableColumn<Release>[] {
  return [
    {
      title: 'Title',
      field: 'title',
      highlight: true,
      // Beside the roles column too, a title wraps by words, not letters.
      cellStyle: { minWidth: 160 },
      render: release => (
        <Link
          to={getReleaseLink(release)}
          onClick={stopRowClick}
          style={titleWords}
        >
          {release.title}
        </Link>
      ),
    },
    {
      title: 'Type',
      field: 'type',
      render: release => <TypeChip type={release.type} />,
    },
    {
      title: 'Phase',
      field: 'phase',
      render: release => <PhaseChip phase={release.phase} />,
    },
    {
      title: 'Planned',
      field: 'plannedStart',
      render: release => formatWindow(release.plannedStart, release.plannedEnd),
    },
    {
      title: 'Owner',
      field: 'owner',
      // A team's name breaks between words, not inside one ("Platfor m").
      render: release => (
        <Box component="span" onClick={stopRowClick} style={wordsWhole}>
          <EntityRefLink entityRef={release.owner} defaultKind="group" />
        </Box>
      ),
    },
    {
      title: 'Components',
      field: 'components',
      sorting: false,
      render: release => (
        <Box component="span" onClick={stopRowClick}>
          {release.components.map((component, index) => (
            <Box component="span" key={component.entityRef} whiteSpace="nowrap">
              <EntityRefLink
                entityRef={component.entityRef}
                defaultKind="component"
              />
              {component.version ? `@${component.version}` : ''}
              {index < release.components.length - 1 ? ', ' : ''}
            </Box>
          ))}
        </Box>
      ),
    },
    ...(showRoles
      ? [
          {
            title: 'Roles',
            field: 'roles',
            sorting: false,
            render: (release: Release) => <RoleHolders release={release} />,
          },
        ]
      : []),
  ];
}

export interface ReleasesTableProps {
  title?: string;
  subtitle?: string;
  /** Rows, or a remote-data function for server-side paging. */
  data: TableProps<Release>['data'];
  getReleaseLink: (release: Release) => string;
  /** What an empty table says. */
  emptyMessage: string;
  paging?: boolean;
  pageSize?: number;
  /** A column with who holds each role (rows listed with `include: ['roles']`). */
  showRoles?: boolean;
}

export function ReleasesTable(props: ReleasesTableProps) {
  const {
    title,
    subtitle,
    data,
    getReleaseLink,
    emptyMessage,
    paging,
    pageSize,
    showRoles = false,
  } = props;
  const navigate = useNavigate();
  return (
    <Table<Release>
      title={title}
      subtitle={subtitle}
      data={data}
      columns={columns(getReleaseLink, showRoles)}
      emptyContent={
        <Box p={2} color="text.secondary">
          {emptyMessage}
        </Box>
      }
      localization={{ body: { emptyDataSourceMessage: emptyMessage } }}
      onRowClick={(_event, release) => {
        if (release) {
          navigate(getReleaseLink(release));
        }
      }}
      options={{
        search: false,
        paging: paging ?? false,
        pageSize: pageSize ?? 20,
        pageSizeOptions: [10, 20, 50, 100],
        padding: 'dense',
        toolbar: Boolean(title),
        draggable: false,
        sorting: false,
      }}
    />
  );
}
