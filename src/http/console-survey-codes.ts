import type { Express, Request, RequestHandler, Response } from 'express';
import QRCode from 'qrcode';
import { memberActor, type AppDeps } from '../app/deps';
import {
  createParticipantCodes,
  findSurveyEvent,
  listParticipants,
} from '../app/survey/participants';
import { errorStatus, errorText, isDomainError } from '../domain/errors';
import { formatDeadline } from '../domain/round-schedule';
import { MAX_PARTICIPANT_CODES, MAX_TABLE_LABEL } from '../domain/survey';
import type { ConsoleSigned } from './console-grids';
import { page, renderConsoleRefusal, wordsOf } from './console-pages';
import { escapeHtml as h } from './html';

type PilotPage = (
  handler: (req: Request, res: Response, s: ConsoleSigned) => Promise<void>,
  o?: { post?: boolean },
) => RequestHandler;

/**
 * The codes sheet of a survey answered per person (issue [11] item 2), for the pilot to print
 * before a journée départementale: the event's public link with its QR code (to show in the
 * room), then per table one slip per participant with their code and a QR code opening the
 * event page. The code rides in the QR link's fragment (#code=…), which browsers never send to
 * the server: the event page's script copies it into the field. A form adds N codes for a table.
 * QR codes are SVG from the `qrcode` package, inline (the console's CSP allows no image source).
 */
const SHEET_STYLE = `
.evenement{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:center;border:1px solid #929292;padding:1rem;margin:1rem 0}
.evenement svg{width:12rem;height:12rem}
.lien{font-family:ui-monospace,monospace;word-break:break-all}
.papiers{display:grid;grid-template-columns:repeat(auto-fill,minmax(19rem,1fr));gap:.75rem;list-style:none;padding:0}
.papier{border:2px dashed #3a3a3a;padding:.75rem;display:flex;gap:.75rem;align-items:center;break-inside:avoid;page-break-inside:avoid}
.papier svg{width:6.5rem;height:6.5rem;flex:none}
.papier .code{font-family:ui-monospace,monospace;font-size:1.4rem;font-weight:bold;letter-spacing:.1em;margin:.2rem 0}
.papier p{margin:.2rem 0}
.papier div{min-width:0;overflow-wrap:anywhere}
.table-titre{break-after:avoid;page-break-after:avoid}
@media print{
  header.console,.lien-evitement,.ecran,form{display:none!important}
  body{font-size:11pt}
  main{max-width:none;padding:0}
  .papiers{grid-template-columns:repeat(3,1fr);gap:0}
  .papier{border:1px dashed #000;margin:0}
  .evenement{break-after:page;page-break-after:always;border:0}
  .evenement svg{width:9cm;height:9cm}
}
`;

async function qrSvg(text: string, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return svg.replace('<svg ', `<svg role="img" aria-label="${h(label)}" focusable="false" `);
}

export function mountConsoleSurveyCodes(
  app: Express,
  o: {
    deps: AppDeps;
    form: RequestHandler;
    pilotPage: PilotPage;
    headers: <R extends Response>(res: R) => R;
  },
): void {
  const { deps, pilotPage, headers } = o;
  /** The site's address as the browser reached it (behind the proxy Express trusts). */
  const baseOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  const show = async (
    req: Request,
    res: Response,
    s: ConsoleSigned,
    status: number,
    state: { error?: string; table?: string; count?: string; added?: number } = {},
  ) => {
    const ref = String(req.params.ref);
    const w = wordsOf(s.layout);
    const t = w.codes;
    let list;
    try {
      list = await listParticipants(deps, { tenantId: s.pilot.tenantId, round: ref });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      headers(res)
        .status(errorStatus(err))
        .send(renderConsoleRefusal(s.layout, t.refusal, errorText(err, w.lang)));
      return;
    }
    const event = await findSurveyEvent(deps, list.round.eventCode);
    const link = `${baseOf(req)}/grille/${list.round.eventCode}`;
    const deadline = formatDeadline(event.deadline, w.lang, event.tenant.timezone);
    const byTable = new Map<string, typeof list.participants>();
    for (const p of list.participants) byTable.set(p.table, [...(byTable.get(p.table) ?? []), p]);
    const tables = await Promise.all(
      [...byTable].map(async ([table, people], ti) => {
        const slips = await Promise.all(
          people.map(
            async (p) =>
              `<li class="papier">${await qrSvg(`${link}#code=${p.code}`, t.qrWithCode(p.code))}<div><p>${h(event.grid.title)}</p><p>${t.yourCode}</p><p class="code">${h(p.code)}</p>${table ? `<p>${h(table)}</p>` : ''}<p class="aide">${t.slipHint(h(link), h(deadline))}</p></div></li>`,
          ),
        );
        return `<section aria-labelledby="table-${ti}"><h2 class="table-titre" id="table-${ti}">${t.table(table ? h(table) : undefined, people.length)}</h2><ul class="papiers">${slips.join('')}</ul></section>`;
      }),
    );
    const n = list.round.number;
    const err = state.error;
    headers(res)
      .status(status)
      .send(
        page(
          { ...s.layout, title: t.title(n) },
          `<style>${SHEET_STYLE}</style>
<h1>${t.title(n)}</h1>
<p class="ecran"><a href="/console/consultations/${n}">${t.back}</a> · ${t.print}</p>
${state.added ? `<p class="ok ecran" role="status">${t.added(state.added)}</p>` : ''}
<section class="evenement" aria-labelledby="evenement-titre">${await qrSvg(link, t.qrLink)}<div><h2 id="evenement-titre">${h(event.grid.title)}</h2><p>${t.fillBefore(h(event.tenant.name), h(deadline))}</p><p>${t.scan}</p><p class="lien">${h(link)}</p><p>${t.thenType(event.anonymous)}</p></div></section>
<form method="post" action="/console/consultations/${n}/codes" novalidate class="ecran">
<h2>${t.add}</h2>
<input type="hidden" name="jeton" value="${h(s.csrf)}">
${err ? `<p class="erreur" role="alert" id="codes-err">${h(err)}</p>` : ''}
<p><label for="table">${t.table1}</label><br><input type="text" id="table" name="table" maxlength="${MAX_TABLE_LABEL}" value="${h(state.table ?? '')}"></p>
<p><label for="nombre">${t.count(MAX_PARTICIPANT_CODES)}</label><br><input type="number" id="nombre" name="nombre" min="1" max="${MAX_PARTICIPANT_CODES}" required value="${h(state.count ?? '')}"${err ? ' aria-invalid="true" aria-describedby="codes-err"' : ''}></p>
<p><button type="submit">${t.submit}</button></p>
</form>
${tables.length > 0 ? tables.join('\n') : `<p>${t.none}</p>`}`,
        ),
      );
  };

  app.get(
    '/console/consultations/:ref/codes',
    pilotPage((req, res, s) => {
      const added = Number(req.query.ajoutes);
      return show(req, res, s, 200, Number.isInteger(added) && added > 0 ? { added } : {});
    }),
  );

  app.post(
    '/console/consultations/:ref/codes',
    o.form,
    pilotPage(
      async (req, res, s) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const table = typeof body.table === 'string' ? body.table : '';
        const count = typeof body.nombre === 'string' ? body.nombre : '';
        try {
          const r = await createParticipantCodes(deps, {
            tenantId: s.pilot.tenantId,
            round: String(req.params.ref),
            table,
            count: /^\d{1,4}$/.test(count.trim()) ? Number(count.trim()) : 0,
            actor: memberActor({ id: s.pilot.memberId, displayName: s.pilot.displayName }),
          });
          res.redirect(
            303,
            `/console/consultations/${r.round.number}/codes?ajoutes=${r.codes.length}`,
          );
        } catch (err) {
          if (!isDomainError(err)) throw err;
          await show(req, res, s, errorStatus(err), {
            error: errorText(err, s.pilot.locale),
            table,
            count,
          });
        }
      },
      { post: true },
    ),
  );
}
