import type { Command } from 'commander';
import { addPilot, createSignInLink, listPilots } from '../../app/console-auth';
import { CLI_ACTOR } from '../../app/deps';
import { publicUrl } from '../../config';
import type { CliContext } from '../context';
import { linkKey } from './processes';

/**
 * `concerto pilot add|list`: the Caf's pilots who sign in to the web console by an e-mailed
 * link; `concerto console link <email>`: a sign-in link printed here instead of e-mailed (a
 * machine without SMTP, the demo).
 */
export function register(program: Command, ctx: CliContext): void {
  const pilot = program
    .command('pilot')
    .description('Pilotes de la Caf : ils se connectent à la console web (/console) par courriel');
  pilot
    .command('add <email>')
    .description(
      'Ajoute un pilote avec son adresse (ou fait pilote le membre qui l’a déjà) : il peut demander un lien de connexion sur /console/connexion',
    )
    .option('--nom <nom>', 'nom affiché (« Mme Martin, chargée de mission AVS »)')
    .action(async (email: string, opts: { nom?: string }) => {
      const r = await addPilot(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        email,
        ...(opts.nom !== undefined ? { name: opts.nom } : {}),
        actor: CLI_ACTOR,
      });
      ctx.out(
        `${r.created ? 'Pilote ajouté' : 'Pilote mis à jour'} : ${r.member.displayName} <${r.member.email}>. Connexion : ${publicUrl(ctx.config)}/console`,
      );
    });
  pilot
    .command('list')
    .description('Liste les pilotes de la Caf et leur adresse')
    .action(async () => {
      const rows = await listPilots(await ctx.deps(), await ctx.tenantId());
      for (const m of rows) ctx.out(`${(m.email ?? '(sans adresse)').padEnd(36)} ${m.displayName}`);
      ctx.out(
        rows.length === 0 ? 'Aucun pilote.' : `${rows.length} pilote${rows.length > 1 ? 's' : ''}.`,
      );
    });

  program
    .command('console')
    .description('Console web des pilotes')
    .command('link <email>')
    .description(
      'Affiche un lien de connexion à la console pour ce pilote (15 minutes, à usage unique), sans l’envoyer par courriel',
    )
    .action(async (email: string) => {
      const r = await createSignInLink(await ctx.deps(), {
        key: linkKey(ctx.config),
        publicUrl: publicUrl(ctx.config),
        tenantId: await ctx.tenantId(),
        email,
      });
      ctx.out(
        `Lien de connexion pour ${r.member.displayName} (valable 15 minutes, une seule fois) :`,
      );
      ctx.out(r.url);
    });
}
