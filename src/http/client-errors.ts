import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger';

/**
 * A request refused at the edge because of its form (body, encoding, shape, cookie): answered
 * with a 4xx and a short French reason, logged once at warn, never reaching a use case.
 */
export interface ClientError {
  status: number;
  /** Stable code, UPPER_SNAKE. */
  code: string;
  /** Short reason for the caller, in French. */
  message: string;
}

export class EdgeRefusal extends Error implements ClientError {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** What was wrong, for the log only (a field path, a zod issue). */
    public readonly detail?: string,
  ) {
    super(message);
    this.name = 'EdgeRefusal';
  }
}

/**
 * The client's fault in an error, or undefined for a server fault (a 500). Body parsers
 * (express.json, express.raw, the Teams SDK's) fail with http-errors carrying a 4xx status and a
 * `type`; our edge validators throw EdgeRefusal.
 */
export function clientErrorOf(err: unknown): ClientError | undefined {
  if (err instanceof EdgeRefusal) return err;
  const e = (err ?? {}) as { status?: unknown; statusCode?: unknown; type?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'BODY_INVALID_JSON',
        message: 'Corps illisible : JSON invalide.',
      };
    case 'entity.too.large':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'Corps de requête trop volumineux.' };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'BODY_ENCODING_UNSUPPORTED',
        message: 'Compression du corps non prise en charge (gzip, deflate ou br).',
      };
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'BODY_CHARSET_UNSUPPORTED',
        message: 'Jeu de caractères non pris en charge : UTF-8 uniquement.',
      };
    case 'request.aborted':
      return { status: 400, code: 'BODY_ABORTED', message: 'Requête interrompue.' };
    default:
      // zlib's errors on a badly compressed body, a size that does not match Content-Length…
      return status === 413
        ? { status, code: 'BODY_TOO_LARGE', message: 'Corps de requête trop volumineux.' }
        : status === 415
          ? {
              status,
              code: 'MEDIA_TYPE_UNSUPPORTED',
              message: 'Type de contenu non pris en charge.',
            }
          : { status, code: 'BODY_MALFORMED', message: 'Corps de requête illisible.' };
  }
}

/** Answers a client error as JSON `{ error: code, message }` and logs it once, at warn. */
export function sendClientError(
  req: Request,
  res: Response,
  log: Logger,
  e: ClientError,
  detail?: string,
): void {
  log.warn(
    {
      status: e.status,
      code: e.code,
      method: req.method,
      path: req.path,
      ...(detail ? { detail } : {}),
    },
    'requête refusée',
  );
  if (!res.headersSent) res.status(e.status).json({ error: e.code, message: e.message });
}

/** The error-handling middleware that answers client errors, and passes server faults on. */
export function clientErrors(log: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    const e = clientErrorOf(err);
    if (!e) {
      next(err);
      return;
    }
    sendClientError(req, res, log, e, err instanceof EdgeRefusal ? err.detail : undefined);
  };
}

/**
 * The refusal (415) of a body whose declared charset is not UTF-8, from the Content-Type's
 * parameters (lower-cased, trimmed); undefined when it is UTF-8 or not given.
 */
export function charsetRefusal(params: string[]): EdgeRefusal | undefined {
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice(8)
    .replace(/"/g, '');
  if (!charset || charset === 'utf-8' || charset === 'utf8') return undefined;
  return new EdgeRefusal(
    415,
    'BODY_CHARSET_UNSUPPORTED',
    'Jeu de caractères non pris en charge : UTF-8 uniquement.',
    charset.slice(0, 40),
  );
}

/**
 * Refuses (415) a body that is not of the given media type, or whose charset is not UTF-8,
 * before a parser skips it silently (express.json leaves other types unparsed).
 */
export function requireMediaType(type: string | string[]): RequestHandler {
  const types = Array.isArray(type) ? type : [type];
  return (req, _res, next) => {
    const header = String(req.headers['content-type'] ?? '');
    const [media = '', ...params] = header.split(';').map((p) => p.trim().toLowerCase());
    if (!types.includes(media)) {
      next(
        new EdgeRefusal(
          415,
          'MEDIA_TYPE_UNSUPPORTED',
          `Type de contenu non pris en charge : ${types.join(' ou ')} attendu.`,
          header.slice(0, 100),
        ),
      );
      return;
    }
    next(charsetRefusal(params));
  };
}

/**
 * Do the named cookies' values decode? A malformed %-escape made the dashboard's cookie reader
 * throw (500). Other cookies (another application's on the same host, with a bare `%`) are not
 * Concerto's to judge: they are left alone.
 */
export function cookiesWellFormed(header: string, names: readonly string[]): boolean {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || !names.includes(part.slice(0, eq).trim())) continue;
    try {
      decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return false;
    }
  }
  return true;
}
