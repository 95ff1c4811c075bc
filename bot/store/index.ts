// The store's public surface: import from here, not from the files behind it.

export type { AgentUsageInput, DailyUsage, UsageTotals } from './agent-usage.js';
export { type AuditGuarantees, auditHash, GENESIS_HASH, keyedAuditHash } from './audit.js';
export { type AuditAnchor, appendAnchor, checkAnchors, readAnchors } from './audit-anchor.js';
export { type AuditKeyring, auditKeyringFromEnv, defaultKeyId, NO_AUDIT_KEYS, UNKEYED } from './audit-keys.js';
export { canonicalJson } from './canonical-json.js';
export type { Conversation, ConversationTurn, Summarise, TurnInput } from './conversations.js';
export type { IncidentRecord, LifecycleUpdate, Snooze } from './incidents.js';
export { MIGRATIONS } from './migrations.js';
export { type DeliveryLedger, MemoryDeliveryLedger, SqlDeliveryLedger } from './slack-deliveries.js';
export { openStore, Store, type StoreOptions } from './store.js';
export * from './types.js';
export { type FileAuditVerification, verifyAuditFile } from './verify-file.js';
