import {
  MilestoneState,
  StatusHealth,
  TaskStatus,
} from '@backstage-itsm/plugin-releases-common';
import { humanizeValue } from '../shared/labels';

const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  skipped: 'Skipped',
};

const HEALTH_LABELS: Record<StatusHealth, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
};

/** `in_progress` → `In progress`; never shows a raw status. */
export function taskStatusLabel(status: TaskStatus): string {
  return TASK_STATUS_LABELS[status] ?? humanizeValue(status);
}

export function healthLabel(health: StatusHealth): string {
  return HEALTH_LABELS[health] ?? humanizeValue(health);
}

const MILESTONE_STATE_LABELS: Record<MilestoneState, string> = {
  done: 'Done',
  on_track: 'On track',
  in_buffer: 'In its buffer',
  late: 'Late',
  cancelled: 'Cancelled',
};

export function milestoneStateLabel(state: MilestoneState): string {
  return MILESTONE_STATE_LABELS[state] ?? humanizeValue(state);
}

/** List texts wrap inside narrow cards instead of being cut off. */
export const wrappingText = {
  style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
} as const;
