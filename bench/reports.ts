/**
 * Report benchmarks, against the real Postgres (DATABASE_URL).
 *
 *   npm run bench:reports
 *
 * A closed round of BENCH_ORGANISATIONS (150) organisations and BENCH_ENJEUX (5) enjeux, a
 * comment of about 400 characters on each avis (a tenth recorded by the Caf for the
 * organisation, a tenth favorable by silence). For each format this version renders (XLSX, and
 * the PDF once it is built in; CSV and Markdown for comparison), the whole export as a channel
 * asks for it — the report read from Postgres, then rendered — after a warm-up,
 * BENCH_RUNS (5) times: median and worst time, the output's size, and memory: the heap in use
 * and the RSS after the run, and the highest RSS seen during the runs (sampled every 5 ms).
 * Target (issue [10]): the XLSX and the PDF each in ≤ 2 s.
 */
import { CLI_ACTOR, NO_OUTBOX, type AppDeps } from '../src/app/deps';
import { createRound } from '../src/app/create-round';
import { EXPORT_FORMATS, exportRoundFiles } from '../src/app/export-round';
import { buildRoundReport } from '../src/app/round-report';
import { createLogger } from '../src/logger';
import { createTestDb } from '../test/support/db';
import { DATABASE_URL } from './support';

const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 150);
const ENJEUX = Number(process.env.BENCH_ENJEUX ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 2_000;

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} Mo`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

const COMMENT =
  'Le projet prévoit un comité annuel ; nous demandons un comité par trimestre, ouvert aux ' +
  'centres sociaux et aux espaces de vie sociale du territoire, avec un compte rendu publié. ' +
  'Les délais de la démarche d’agrément restent trop courts pour les petites structures : ' +
  'un accompagnement de la Caf dès la préparation du projet social serait nécessaire. ' +
  '=SOMME(A1:A9) « guillemets » — été, 50 % des familles.';

async function main() {
  const t = await createTestDb({ url: DATABASE_URL, label: 'bench_reports' });
  const deps: AppDeps = {
    db: t.db,
    now: () => new Date(),
    log: createLogger('silent'),
    outbox: NO_OUTBOX,
  };
  try {
    const tenant = await t.db.tenant.create({ data: { code: '94', name: 'Caf du Val-de-Marne' } });
    await t.db.organisation.createMany({
      data: Array.from({ length: ORGANISATIONS }, (_, i) => ({
        tenantId: tenant.id,
        code: `ORG${String(i + 1).padStart(3, '0')}`,
        name: `Centre social n° ${i + 1} du Val-de-Marne`,
        kind: 'centre_social' as const,
      })),
    });
    const schema = await t.db.schema.create({
      data: { tenantId: tenant.id, title: 'Schéma directeur AVS', period: '2026-2030' },
    });
    const draft = await t.db.draftVersion.create({
      data: {
        tenantId: tenant.id,
        schemaId: schema.id,
        version: 1,
        title: 'Schéma directeur de l’animation de la vie sociale',
        markdown: '',
        checksum: 'bench',
        enjeux: {
          create: Array.from({ length: ENJEUX }, (_, i) => ({
            position: i + 1,
            title: `Enjeu ${i + 1} : coordonner les acteurs de la vie sociale`,
            body: 'Texte.',
          })),
        },
      },
      include: { enjeux: true },
    });
    const orgs = await t.db.organisation.findMany({ where: { tenantId: tenant.id } });
    const { round } = await createRound(deps, {
      tenantId: tenant.id,
      draftVersionId: draft.id,
      organisations: { all: true },
      deadline: new Date(Date.now() + 86_400_000),
      silenceMeansFavorable: true,
      actor: CLI_ACTOR,
    });
    const choices = ['favorable', 'favorable_avec_reserves', 'defavorable', 'abstention'] as const;
    let n = 0;
    await t.db.avis.createMany({
      data: orgs.flatMap((org) =>
        draft.enjeux.map((e) => {
          n++;
          const channel = n % 10 === 0 ? 'implicit' : n % 10 === 1 ? 'proxy' : 'slack';
          return {
            tenantId: tenant.id,
            roundId: round.id,
            enjeuId: e.id,
            organisationId: org.id,
            choice: channel === 'implicit' ? 'favorable' : choices[n % 4]!,
            comment: channel === 'implicit' ? null : `${COMMENT} (${n})`,
            channel,
            castByLabel:
              channel === 'proxy'
                ? `Mme Pilote pour ${org.name} (courrier du 3 décembre)`
                : 'Mme Partenaire',
            castAt: new Date(Date.now() - n * 60_000),
          } as const;
        }),
      ),
    });
    await t.db.round.update({
      where: { id: round.id },
      data: {
        status: 'closed',
        openedAt: new Date(Date.now() - 7 * 86_400_000),
        closedAt: new Date(),
      },
    });
    const avisCount = await t.db.avis.count({ where: { roundId: round.id } });
    console.log(
      `Consultation de ${ORGANISATIONS} organisations × ${ENJEUX} enjeux : ${avisCount} avis, un commentaire d’environ ${COMMENT.length} caractères sur chacun (sauf les avis par silence).`,
    );

    const o = { tenantId: tenant.id, round: String(round.number) };
    const build: number[] = [];
    await buildRoundReport(deps, o);
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await buildRoundReport(deps, o);
      build.push(performance.now() - t0);
    }
    build.sort((a, b) => a - b);
    console.log(
      `Lecture du rapport depuis Postgres : médiane ${ms(build[Math.floor(RUNS / 2)]!)}, pire ${ms(build.at(-1)!)}`,
    );

    const formats = EXPORT_FORMATS;
    const rows: string[] = [];
    for (const format of formats) {
      await exportRoundFiles(deps, { ...o, formats: [format] }); // warm-up
      (globalThis as { gc?: () => void }).gc?.();
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const times: number[] = [];
      let size = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const { files } = await exportRoundFiles(deps, { ...o, formats: [format] });
        times.push(performance.now() - t0);
        size = Buffer.byteLength(files[0]!.body);
      }
      clearInterval(sampler);
      const mem = process.memoryUsage();
      peak = Math.max(peak, mem.rss);
      times.sort((a, b) => a - b);
      const median = times[Math.floor(RUNS / 2)]!;
      const target =
        format === 'xlsx' || format === 'pdf'
          ? median <= TARGET_MS
            ? ' (objectif ≤ 2 s ✔)'
            : ' (objectif ≤ 2 s MANQUÉ)'
          : '';
      rows.push(
        `${format.toUpperCase().padEnd(4)} : médiane ${ms(median)}, pire ${ms(times.at(-1)!)}${target} ; ${MB(size)} ; tas ${MB(mem.heapUsed)}, RSS ${MB(mem.rss)} (pointe ${MB(peak)})`,
      );
    }
    console.log(rows.join('\n'));
  } finally {
    await t.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
