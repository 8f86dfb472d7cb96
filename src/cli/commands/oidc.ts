import type { Command } from 'commander';
import {
  removeIdentityProvider,
  setIdentityProvider,
  showIdentityProvider,
} from '../../app/console-oidc';
import { CLI_ACTOR } from '../../app/deps';
import { oidcSecretSources, publicUrl } from '../../config';
import type { CliContext } from '../context';

/**
 * `concerto oidc set|show|remove`: the Caf's identity provider (OpenID Connect) for the pilots'
 * console. The client secret is never given on the command line (it would stay in the shell's
 * history and the process list): only the NAME of an environment variable that holds it.
 */
export function register(program: Command, ctx: CliContext): void {
  const oidc = program
    .command('oidc')
    .description(
      "Fournisseur d'identité de la Caf (OpenID Connect) pour la connexion des pilotes à la console",
    );
  oidc
    .command('set')
    .description(
      "Configure (ou remplace) le fournisseur d'identité de la Caf : « Se connecter avec … » sur /console/connexion?caf=<code>",
    )
    .requiredOption('--issuer <url>', "adresse de l'émetteur (https://…), celle de sa découverte")
    .requiredOption('--client-id <id>', 'identifiant du client Concerto chez le fournisseur')
    .requiredOption(
      '--client-secret-env <VARIABLE>',
      "nom de la variable d'environnement qui contient le secret du client (jamais le secret lui-même)",
    )
    .option(
      '--chiffrer',
      'lit le secret maintenant et le garde chiffré en base (CONCERTO_ENCRYPTION_KEY) au lieu de le relire dans la variable à chaque connexion',
    )
    .option('--nom <nom>', 'nom du fournisseur sur le bouton (défaut : son nom de domaine)')
    .action(
      async (opts: {
        issuer: string;
        clientId: string;
        clientSecretEnv: string;
        chiffrer?: boolean;
        nom?: string;
      }) => {
        const r = await setIdentityProvider(await ctx.deps(), {
          tenantId: await ctx.tenantId(),
          issuer: opts.issuer,
          clientId: opts.clientId,
          secretEnv: opts.clientSecretEnv,
          seal: opts.chiffrer === true,
          secrets: oidcSecretSources(ctx.config, ctx.env ?? {}),
          actor: CLI_ACTOR,
          ...(opts.nom !== undefined ? { label: opts.nom } : {}),
        });
        ctx.out(`Fournisseur d'identité configuré : ${r.label} (${r.issuer}).`);
        ctx.out(`Secret du client : ${r.secret}.`);
        ctx.out(
          `Adresse de retour à déclarer chez le fournisseur : ${publicUrl(ctx.config)}/console/connexion/oidc/retour`,
        );
      },
    );
  oidc
    .command('show')
    .description("Affiche le fournisseur d'identité de la Caf (sans son secret)")
    .action(async () => {
      const r = await showIdentityProvider(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
      });
      ctx.out(`Fournisseur : ${r.label}`);
      ctx.out(`Émetteur : ${r.issuer}`);
      ctx.out(`Client : ${r.clientId}`);
      ctx.out(`Secret du client : ${r.secret}`);
      ctx.out(`Adresse de retour : ${publicUrl(ctx.config)}/console/connexion/oidc/retour`);
    });
  oidc
    .command('remove')
    .description(
      "Retire le fournisseur d'identité : les pilotes se connectent par lien reçu par courriel",
    )
    .action(async () => {
      await removeIdentityProvider(await ctx.deps(), {
        tenantId: await ctx.tenantId(),
        actor: CLI_ACTOR,
      });
      ctx.out("Fournisseur d'identité retiré : connexion par lien reçu par courriel seulement.");
    });
}
