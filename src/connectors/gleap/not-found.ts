import { ApiError } from '../../kernel/errors.ts';

/** Runs a read, answering undefined when Gleap says 404 (no such record). */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}
