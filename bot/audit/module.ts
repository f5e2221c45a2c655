/** What the audit chain offers the composition (bot/compose/, bot/app.ts), which imports this capability only through this file. */
export { startAuditChainHeadLog } from './audit-chain-head-log.js';
