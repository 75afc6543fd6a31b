export { RiskCard, RiskLevelChip } from './RiskCard';
