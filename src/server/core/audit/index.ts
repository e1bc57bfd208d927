export { type AuditEntryInput, AuditLog } from './audit-log.ts';
