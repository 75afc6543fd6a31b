export { PoliciesPage } from './PoliciesPage';
