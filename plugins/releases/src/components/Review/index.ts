export { ReviewCard } from './ReviewCard';
export type { ReviewCardProps } from './ReviewCard';
export { IncidentsCard } from './IncidentsCard';
export { OutcomeChip, SeverityChip } from './ReviewChips';
