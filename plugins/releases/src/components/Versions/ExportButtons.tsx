import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { ExportFormat, ExportRequest } from '../../api/ReleasesApi';
import { errorMessage } from '../shared/errors';
import { saveFile } from './download';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'json', label: 'Export JSON' },
];

export interface ExportButtonsProps {
  request: ExportRequest;
  /** What is exported, for the buttons' accessible names, e.g. `deployment history`. */
  what: string;
}

/** Downloads an audit list, with the filters on screen, as CSV or JSON. */
export function ExportButtons(props: ExportButtonsProps) {
  const { request, what } = props;
  const releasesApi = useApi(releasesApiRef);
  const [busy, setBusy] = useState<ExportFormat>();
  const [error, setError] = useState<string>();

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      const { blob, filename } = await releasesApi.exportList(request, format);
      saveFile(blob, filename);
    } catch (e) {
      setError(`Could not export the ${what}: ${errorMessage(e)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box display="flex" flexDirection="column" alignItems="flex-end">
      <Box display="flex" gridGap={8}>
        {FORMATS.map(({ format, label }) => (
          <Button
            key={format}
            size="small"
            variant="outlined"
            aria-label={`${label} of the ${what}`}
            disabled={busy !== undefined}
            startIcon={
              busy === format ? (
                <CircularProgress size={14} aria-hidden />
              ) : (
                <GetAppIcon fontSize="small" />
              )
            }
            onClick={() => download(format)}
          >
            {label}
          </Button>
        ))}
      </Box>
      {error && (
        <Typography role="alert" variant="caption" color="error">
          {error}
        </Typography>
      )}
    </Box>
  );
}
