/**
 * Concerto's implementation of the Teams ports (bot and tab) over the use cases, by route: the
 * message route's commands (concerto/commands.ts), the card actions (concerto/card-actions.ts:
 * avis card, vote, launch form), install and uninstall (concerto/install.ts), assembled in
 * concerto/bot.ts; the tab's API (concerto/tab.ts); concerto/mount.ts mounts it all. Identity
 * comes from the turn (signed activity) or the validated SSO token only; the tenant is the
 * linked member's; a card or form can only say which round it is about.
 */

export type { ConcertoTeamsOptions } from './concerto/shared';
export { createConcertoTeamsHandlers } from './concerto/bot';
export { createConcertoTabHandlers } from './concerto/tab';
export {
  mountTeamsForConcerto,
  type MountedConcertoTeams,
  type MountTeamsForConcertoOptions,
} from './concerto/mount';
