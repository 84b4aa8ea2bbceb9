// Why a write could not be made durable, in words a user can act on.

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EIO: 'an I/O error',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EFBIG: 'the file is too large',
};

export function describeWriteFailure(error: unknown): { message: string; code: string | undefined } {
  const e = error as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const cause = code === undefined ? undefined : CAUSES[code];
  const detail = e?.message ?? String(error);
  return { message: cause ? `${cause} (${detail})` : detail, code };
}
