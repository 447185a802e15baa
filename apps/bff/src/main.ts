import { buildApp } from './app';
import { installPaths } from './install-paths';
import { ConfigError, loadConfig } from './config';
import { DatabaseUnreachableError } from './adapters/db/client';
import { DowngradeError } from './adapters/db/migrate';
import { DataDirInUseError } from './adapters/db/data-dir-lock';
import { ProfileError } from './profile';

async function main() {
  // eslint-disable-next-line no-restricted-properties -- the one place that reads the environment
  const config = loadConfig(process.env, installPaths());
  const { app, setupToken, closing: stopping } = await buildApp(config);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const started = Date.now();
    // A safety net only: a clean stop takes well under a second. It is generous because the
    // embedded database writes its files as it closes, and a kill then could damage them.
    setTimeout(() => {
      app.log.error({ stage: stopping.stage }, 'shutdown did not finish within 30 s; exiting anyway');
      process.exit(1);
    }, 30_000).unref();
    app.close().then(
      () => {
        app.log.info({ ms: Date.now() - started }, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    // Close the database cleanly before giving up (the embedded one is a folder of files).
    await app.close().catch(() => {});
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new ConfigError(
        `PORT: ${config.host}:${config.port} is already in use (another ralf-ui?); stop it, or set PORT to another port`,
      );
    throw err;
  }
  if (setupToken) {
    // The one secret ever written to the log, on purpose: it is how the first admin is made (issue 3).
    app.log.warn(
      `no account exists yet: open ${address}/setup and enter the one-time setup token ${setupToken} (valid 24 h; or set RALF_ADMIN_PASSWORD)`,
    );
  }
  app.log.info(
    `ralf-ui listening on ${address} (${config.database.kind}${config.demoLab ? ', demo lab' : ''}${config.prometheus ? ', prometheus ' + config.prometheus.url : ''})`,
  );
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof DatabaseUnreachableError ||
    err instanceof DowngradeError ||
    err instanceof ProfileError ||
    err instanceof DataDirInUseError
  ) {
    process.stderr.write(`ralf-ui: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`ralf-ui: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
