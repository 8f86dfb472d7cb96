import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { addContact } from '../../app/add-contact';
import { removeContact } from '../../app/remove-contact';
import { listContacts } from '../../app/list-contacts';
import { revokeBallotLinks } from '../../app/revoke-ballot-links';
import type { CliContext } from '../context';
import { cliWords } from '../../domain/cli-words';

/** `concerto orgs contact add|remove|list`: organisations' e-mail contacts. */
export function register(program: Command, ctx: CliContext): void {
  const w = cliWords(ctx.locale);
  const orgs = program.commands.find((c) => c.name() === 'orgs');
  if (!orgs) throw new Error('la commande « orgs » doit être déclarée avant ses contacts');
  const contact = orgs.command('contact').description(w.contacts.description);
  contact
    .command('add <organisation> <email>')
    .description(w.contacts.add)
    .option(w.contacts.nameFlags, w.contacts.name)
    .option('--titulaire', w.contacts.titular)
    .option('--suppleant', w.contacts.deputy)
    .action(
      async (
        code: string,
        email: string,
        opts: { nom?: string; titulaire?: boolean; suppleant?: boolean },
      ) => {
        const r = await addContact(await ctx.deps(), {
          tenantId: await ctx.tenantId(),
          organisationCode: code,
          email,
          ...(opts.nom !== undefined ? { name: opts.nom } : {}),
          ...(opts.titulaire ? { titular: true } : opts.suppleant ? { titular: false } : {}),
          actor: CLI_ACTOR,
        });
        ctx.out(
          w.contacts.added(
            r.created,
            w.contacts.role(r.contact.titular),
            r.organisation.name,
            r.organisation.code,
            r.contact.email,
          ),
        );
      },
    );
  contact
    .command('remove <organisation> <email>')
    .description(w.contacts.remove)
    .action(async (code: string, email: string) => {
      const r = await removeContact(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        organisationCode: code,
        email,
        actor: CLI_ACTOR,
      });
      ctx.out(w.contacts.removed(r.organisation.name, r.organisation.code, r.email));
    });
  contact
    .command('revoke <organisation> <email>')
    .description(w.contacts.revoke)
    .action(async (code: string, email: string) => {
      const r = await revokeBallotLinks(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        organisationCode: code,
        email,
        actor: CLI_ACTOR,
      });
      ctx.out(w.contacts.revoked(r.email, r.organisation.name));
    });
  contact
    .command('list [organisation]')
    .description(w.contacts.list)
    .action(async (code?: string) => {
      const rows = await listContacts(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        ...(code ? { organisationCode: code } : {}),
      });
      for (const c of rows)
        ctx.out(
          `${c.organisationCode.padEnd(14)} ${w.contacts.role(c.titular).padEnd(10)} ${c.email}${c.name ? ` (${c.name})` : ''}`,
        );
      ctx.out(rows.length === 0 ? w.contacts.none : w.contacts.total(rows.length));
    });
}
