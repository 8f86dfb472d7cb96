/**
 * Exit codes: whether anything was saved. 0 done (saved, even when the messages wait for
 * Redis); 1 refused or unreachable, nothing saved; 2 configuration invalid, nothing done;
 * 3 saved in part (`agrements import --skip-invalid` left refused lines out); 4 unexpected
 * failure: check what was saved (LOG_LEVEL=debug shows the detail).
 */
export const EXIT = { ok: 0, refused: 1, config: 2, partial: 3, unexpected: 4 } as const;
