import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { webWords } from '../domain/web-words';
import type { Logger } from '../logger';

/**
 * A request refused at the edge because of its form (body, encoding, shape, cookie): answered
 * with a 4xx and a short French reason (the catalogue's WEB_FR.clientErrors: the caller's
 * language is not known), logged once at warn, never reaching a use case.
 */
const WORDS = webWords('fr');
const refusalOf = (status: number, code: keyof typeof WORDS.clientErrors): ClientError => ({
  status,
  code,
  message: WORDS.clientErrors[code],
});

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
      return refusalOf(400, 'BODY_INVALID_JSON');
    case 'entity.too.large':
      return refusalOf(413, 'BODY_TOO_LARGE');
    case 'encoding.unsupported':
      return refusalOf(415, 'BODY_ENCODING_UNSUPPORTED');
    case 'charset.unsupported':
      return refusalOf(415, 'BODY_CHARSET_UNSUPPORTED');
    case 'request.aborted':
      return refusalOf(400, 'BODY_ABORTED');
    default:
      // zlib's errors on a badly compressed body, a size that does not match Content-Length…
      return status === 413
        ? refusalOf(status, 'BODY_TOO_LARGE')
        : status === 415
          ? refusalOf(status, 'MEDIA_TYPE_UNSUPPORTED')
          : refusalOf(status, 'BODY_MALFORMED');
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
    WORDS.clientErrors.BODY_CHARSET_UNSUPPORTED,
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
          WORDS.mediaTypeExpected(types),
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
