/**
 * PORT and HOST, read without the rest of the configuration (and without its validation library):
 * main opens the port before it loads anything else, so the liveness probe answers while the
 * service loads. The defaults are WusheConfig's; `loadConfig` validates both again with the rest.
 */
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

/** Where to listen, or null when PORT is not a port (then `loadConfig` reports it with the other problems). */
export const listenAddress = (env: Record<string, string | undefined> = process.env): { port: number; host: string } | null => {
  const port = env.PORT === undefined || env.PORT === '' ? DEFAULT_PORT : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
  return { port, host: env.HOST ?? DEFAULT_HOST };
};
