export { type AuditEntryInput, AuditLog, personalDigest } from './audit-log.ts';
