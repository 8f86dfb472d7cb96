import type { Command } from 'commander';
import { CLI_ACTOR } from '../../app/deps';
import { addContact } from '../../app/add-contact';
import { removeContact } from '../../app/remove-contact';
import { listContacts } from '../../app/list-contacts';
import { revokeBallotLinks } from '../../app/revoke-ballot-links';
import type { CliContext } from '../context';

/** `concerto orgs contact add|remove|list`: organisations' e-mail contacts. */
export function register(program: Command, ctx: CliContext): void {
  const orgs = program.commands.find((c) => c.name() === 'orgs');
  if (!orgs) throw new Error('la commande « orgs » doit être déclarée avant ses contacts');
  const contact = orgs
    .command('contact')
    .description('Contacts par courriel des organisations (titulaire et suppléants)');
  contact
    .command('add <organisation> <email>')
    .description(
      'Ajoute un contact : il reçoit par courriel les consultations où son organisation est invitée',
    )
    .option('--nom <nom>', 'nom du contact (« Mme Durand, directrice »)')
    .option('--titulaire', 'contact titulaire (le titulaire précédent devient suppléant)')
    .option('--suppleant', 'contact suppléant (par défaut, sauf pour le premier contact)')
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
        const role = r.contact.titular ? 'titulaire' : 'suppléant';
        ctx.out(
          r.created
            ? `Contact ${role} ajouté à ${r.organisation.name} (${r.organisation.code}) : ${r.contact.email}.`
            : `${r.contact.email} était déjà contact de ${r.organisation.name} (${r.organisation.code}) : ${role}, mis à jour.`,
        );
      },
    );
  contact
    .command('remove <organisation> <email>')
    .description('Retire un contact : il ne reçoit plus rien ; ses avis passés restent')
    .action(async (code: string, email: string) => {
      const r = await removeContact(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        organisationCode: code,
        email,
        actor: CLI_ACTOR,
      });
      ctx.out(`Contact retiré de ${r.organisation.name} (${r.organisation.code}) : ${r.email}.`);
    });
  contact
    .command('revoke <organisation> <email>')
    .description(
      'Retire les liens de vote déjà envoyés à ce contact (les prochains courriels en portent de nouveaux)',
    )
    .action(async (code: string, email: string) => {
      const r = await revokeBallotLinks(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        organisationCode: code,
        email,
        actor: CLI_ACTOR,
      });
      ctx.out(
        `Liens de vote retirés pour ${r.email} (${r.organisation.name}) : ils ne permettent plus de voter.`,
      );
    });
  contact
    .command('list [organisation]')
    .description('Liste les contacts (de toutes les organisations, ou d’une seule)')
    .action(async (code?: string) => {
      const rows = await listContacts(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        ...(code ? { organisationCode: code } : {}),
      });
      for (const c of rows)
        ctx.out(
          `${c.organisationCode.padEnd(14)} ${(c.titular ? 'titulaire' : 'suppléant').padEnd(10)} ${c.email}${c.name ? ` (${c.name})` : ''}`,
        );
      ctx.out(
        rows.length === 0
          ? 'Aucun contact.'
          : `${rows.length} contact${rows.length > 1 ? 's' : ''}.`,
      );
    });
}
