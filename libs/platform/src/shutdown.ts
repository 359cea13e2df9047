/**
 * The entry points' shutdown: on SIGINT or SIGTERM, close the platform, then the services under it
 * (the embedded PostgreSQL after everything that used it), then exit. A second signal while closing
 * exits at once.
 */
export function closeOnSignal(close: () => Promise<void>, log: (line: string) => void = console.log): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) process.exit(1);
    closing = true;
    log(`Kelisim is stopping (${signal})`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Kelisim could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Runs `use` on started services and stops them when it fails, so a failed start leaves no server behind. */
export async function stopOnFailure<T>(services: { stop(): Promise<void> }, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } catch (error) {
    await services.stop().catch(() => undefined);
    throw error;
  }
}
