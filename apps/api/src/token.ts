import { ConfigurationError, loadConfig } from '#platform';
import { issueToken } from './operator/issue-token.js';

/**
 * `npm run -s token -- --role <role> --subject <id> --area <path> [--organisation <id>] [--ttl 8h]`:
 * a bearer token of the embedded issuer (the same DATA_DIR as `npm start`). The token is alone on the
 * last line of the output, so `TOKEN=$(npm run -s token -- ... | tail -n 1)` works.
 */
try {
  const { token, summary } = issueToken(process.argv.slice(2), loadConfig());
  console.error(`# ${summary}`);
  console.log(token);
} catch (error) {
  console.error(error instanceof ConfigurationError ? error.problems.join('\n') : `Token not issued: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
