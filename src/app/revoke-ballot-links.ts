import { bumpLinkGeneration } from '../store/contacts';
import type { AppDeps } from './deps';
import { changeContact, type ContactCommand } from './remove-contact';

/**
 * Revokes every ballot link already sent to a contact (a forwarded e-mail, a person who left):
 * those links open a page that says so; the next e-mails carry new links.
 */
export function revokeBallotLinks(deps: AppDeps, o: ContactCommand) {
  return changeContact(deps, o, 'contact.links_revoked', bumpLinkGeneration);
}
