import { randomBytes } from 'node:crypto';
import type { Application, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AppDeps } from '../../app/deps';
import { EXPORT_FORMATS, exportRoundFiles, type ExportFormat } from '../../app/export-round';
import { expiringMac } from '../../app/expiring-mac';
import { DomainError, errorStatus, errorText, isDomainError } from '../../domain/errors';

/**
 * Signed, short-lived download links for a round's export (« exporter » in Teams). A Teams
 * message cannot carry a file from a bot without Graph permissions, so the bot posts the
 * Markdown synthesis as text and links to the files here (XLSX, PDF, CSV, Markdown). The link names the tenant
 * and the round and is signed (HMAC-SHA256): nobody can forge one for another round or Caf.
 */
export const EXPORT_PATH = '/teams/exports';

export interface ExportLinkSigner {
  /** `${base}/teams/exports/<tenantId>/<roundId>.<format>?exp=…&sig=…` */
  url(o: { tenantId: string; roundId: string; format: ExportFormat }): string;
  verify(o: {
    tenantId: string;
    roundId: string;
    format: string;
    exp: string;
    sig: string;
  }): boolean;
}

export interface ExportLinkOptions {
  /**
   * Signing key. Default: derived from TEAMS_CLIENT_SECRET; without one (local mode), a random key
   * of this process (links then die with it, and work only on the web process that made them).
   */
  secret?: string;
  publicUrl: string;
  /** Lifetime of a link in ms. Default: 24 h. */
  ttlMs?: number;
  now?: () => number;
}

export function exportLinkSigner(o: ExportLinkOptions): ExportLinkSigner {
  const mac = expiringMac(
    o.secret ?? randomBytes(32).toString('hex'),
    'concerto/teams/export-link',
  );
  const ttl = o.ttlMs ?? 24 * 3600_000;
  const now = o.now ?? Date.now;
  const base = o.publicUrl.replace(/\/+$/, '');
  return {
    url({ tenantId, roundId, format }) {
      const exp = mac.expiry(now(), ttl);
      const sig = mac.sign([tenantId, roundId, format], exp);
      return `${base}${EXPORT_PATH}/${tenantId}/${roundId}.${format}?exp=${exp}&sig=${sig}`;
    },
    verify({ tenantId, roundId, format, exp, sig }) {
      if (!/^\d{1,12}$/.test(exp) || Number(exp) * 1000 < now()) return false;
      return mac.matches([tenantId, roundId, format], exp, sig);
    },
  };
}

/** GET /teams/exports/:tenantId/:file — one export file of a round, for a valid signed link. */
export function mountExportLinks(
  app: Application,
  o: { deps: AppDeps; signer: ExportLinkSigner; log: Logger },
): void {
  app.get(`${EXPORT_PATH}/:tenantId/:file`, async (req: Request, res: Response) => {
    const tenantId = String(req.params.tenantId);
    const m = new RegExp(`^([0-9a-f-]{36})\\.(${EXPORT_FORMATS.join('|')})$`).exec(
      String(req.params.file),
    );
    const ok =
      m &&
      o.signer.verify({
        tenantId,
        roundId: m[1]!,
        format: m[2]!,
        exp: String(req.query.exp ?? ''),
        sig: String(req.query.sig ?? ''),
      });
    if (!m || !ok) {
      const refusal = new DomainError('EXPORT_LINK_INVALID');
      res
        .status(errorStatus(refusal))
        .type('text/plain; charset=utf-8')
        .send(errorText(refusal, 'fr'));
      return;
    }
    try {
      const format = m[2] as ExportFormat;
      const { files } = await exportRoundFiles(o.deps, {
        tenantId,
        round: m[1]!,
        formats: [format],
      });
      const file = files[0]!;
      res
        .setHeader('cache-control', 'private, no-store')
        .type(file.contentType)
        .attachment(file.filename)
        .send(file.body);
    } catch (err) {
      if (isDomainError(err)) {
        res.status(errorStatus(err)).type('text/plain; charset=utf-8').send(errorText(err, 'fr'));
        return;
      }
      o.log.error({ err }, 'Teams : export impossible');
      res.status(500).type('text/plain; charset=utf-8').send('Erreur interne.');
    }
  });
}
