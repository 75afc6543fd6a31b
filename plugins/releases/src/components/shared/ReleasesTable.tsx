import { MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import Box from '@material-ui/core/Box';
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

function columns(
  getReleaseLink: (release: Release) => string,
): TableColumn<Release>[] {
  return [
    {
      title: 'Title',
      field: 'title',
      highlight: true,
      render: release => (
        <Link to={getReleaseLink(release)} onClick={stopRowClick}>
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
      render: release => (
        <Box component="span" onClick={stopRowClick}>
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
  } = props;
  const navigate = useNavigate();
  return (
    <Table<Release>
      title={title}
      subtitle={subtitle}
      data={data}
      columns={columns(getReleaseLink)}
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
