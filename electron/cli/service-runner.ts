import { ApiError } from '../api/define.js';
import { resolveDbPath } from '../app-paths.js';
import { AppService } from '../service/app-service.js';
import { CliError } from './cli-error.js';

/**
 * Runs `fn` with the app service on the database chosen by `--db` / AGRISPRAY_DB / the default,
 * so the CLI goes through exactly the same validated handlers as the window.
 */
export async function withService<T>(
  dbFlag: string | undefined,
  fn: (service: AppService) => Promise<T>,
): Promise<T> {
  const service = await AppService.open(resolveDbPath(dbFlag), 'cli');
  try {
    return await fn(service);
  } catch (e) {
    if (e instanceof ApiError) {
      const issues = e.body.issues?.length
        ? `\n${e.body.issues.map((i) => `  ${i.where}: ${i.message}`).join('\n')}`
        : '';
      throw new CliError(
        `${e.body.issues?.length ? 'refused:' : e.body.message}${issues}`,
        e.body.code === 'invalid_input' ? 2 : 1,
      );
    }
    throw e;
  } finally {
    await service.close();
  }
}
