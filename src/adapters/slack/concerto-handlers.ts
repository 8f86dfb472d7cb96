/**
 * Slack for Concerto: the ports over the use cases live in concerto/ (shared.ts: who is speaking;
 * commands.ts, modals.ts, home.ts: one file per kind of request; handlers.ts assembles them;
 * mount.ts mounts Slack on the web process), as Teams' do in teams/concerto/.
 */
export type { ConcertoSlackOptions } from './concerto/shared';
export { createConcertoSlackHandlers } from './concerto/handlers';
export { mountSlackForConcerto, type MountSlackForConcertoOptions } from './concerto/mount';
