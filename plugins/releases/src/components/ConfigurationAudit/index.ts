export { ConfigurationAuditPage } from './ConfigurationAuditPage';
