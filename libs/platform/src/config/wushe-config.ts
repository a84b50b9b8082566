import { plainToInstance, Transform } from 'class-transformer';
import { addDays, isCalendarDate } from '#domain';
import { parseMatchingWeights } from '#matching';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { DEFAULT_HOST, DEFAULT_PORT } from './listen-address.js';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());
/** Whole numbers written plainly: '0x50', '1e3', ' 7' and '8.0' stay strings, which IsInt then refuses by name. */
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
/**
 * Beijing dates, comma separated, each a day or an inclusive range: '2026-10-01..2026-10-07,2026-09-25'.
 * Anything else stays a string, which the setting's IsArray check then refuses with its message.
 */
const toDateList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const dates: string[] = [];
  for (const item of value.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const [from, to = from] = item.split('..');
    if (!isCalendarDate(from) || !isCalendarDate(to) || to < from) return value;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      dates.push(day);
      if (dates.length > 3660) return value;
    }
  }
  return [...new Set(dates)].sort();
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting the service reads, validated at start. The defaults are the embedded mode:
 * SQLite files under ./data, projector in the same process, no Kafka.
 */
export class WusheConfig {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = DEFAULT_PORT;

  /** An address or host name to listen on (127.0.0.1, 0.0.0.0, ::, localhost). */
  @IsOptional() @Matches(/^[A-Za-z0-9.:-]{1,253}$/, { message: 'HOST must be an IP address or a host name' })
  HOST = DEFAULT_HOST;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(4096)
  DATA_DIR = './data';

  @IsOptional() @IsIn(['sqlite', 'postgres', 'eventstoredb'])
  EVENT_STORE: 'sqlite' | 'postgres' | 'eventstoredb' = 'sqlite';

  /**
   * Durability of the embedded event store: 'normal' (a power cut may lose the last commits; a
   * killed process loses nothing) or 'full' (the log is synced at every commit; nothing
   * acknowledged is lost). See libs/event-store/README.md, "Durability".
   */
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value)) @IsIn(['normal', 'full'])
  SQLITE_SYNCHRONOUS: 'normal' | 'full' = 'normal';

  /** Concurrent appends to the embedded store share one transaction and one commit. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  SQLITE_GROUP_COMMIT = true;

  @IsOptional() @IsIn(['sqlite', 'postgres'])
  READ_MODELS: 'sqlite' | 'postgres' = 'sqlite';

  /** postgres://user@host:port/db — used by EVENT_STORE=postgres, READ_MODELS=postgres and the vault. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\/[^\s]{1,2000}$/, { message: 'POSTGRES_URL must start with postgres:// (no spaces)' })
  POSTGRES_URL?: string;

  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'POSTGRES_SCHEMA must be a lower-case SQL identifier' })
  POSTGRES_SCHEMA = 'wushe';

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//, { message: 'EVENTSTORE_CONNECTION_STRING must start with esdb:// or kurrentdb://' })
  EVENTSTORE_CONNECTION_STRING?: string;

  /** Run the projector (read models, policies) inside the API process: the embedded default. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  RUN_PROJECTOR = true;

  /**
   * Where the in-process projector writes the lists: 'worker' (a worker thread with its own store
   * connections, off the event loop that answers requests) or 'main' (the API's own thread).
   * Policies, workflows and auto-match stay on the main thread either way.
   */
  @IsOptional() @IsIn(['worker', 'main'])
  PROJECTOR_THREAD: 'worker' | 'main' = 'main';

  /**
   * Share the projections with other projector processes over the same read models: each runs the
   * projections whose lease it holds and takes over those of a process that died (infra/README.md).
   * Off: this process runs every projection.
   */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  PROJECTOR_LEASES = false;

  /** How long a projection lease lasts unrenewed: how long a dead projector's share waits for another. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(300) @Max(600_000)
  PROJECTOR_LEASE_MS = 10_000;

  /** With PROJECTOR_LEASES: comma-separated projection names this process takes first (its share); unset: all of them. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[a-z0-9_-]+(,[a-z0-9_-]+)*$/, { message: 'PROJECTOR_SHARE must be comma-separated projection names' })
  PROJECTOR_SHARE?: string;

  /** Comma-separated host:port list; when set, the relay publishes the event stream to Kafka. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[^,\s]+:\d{1,5}(,[^,\s]+:\d{1,5})*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port]' })
  KAFKA_BROKERS?: string;

  @IsOptional() @Matches(/^[a-zA-Z0-9._-]{1,100}$/)
  KAFKA_TOPIC_PREFIX = 'wushe';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  KAFKA_PARTITIONS = 6;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(7)
  KAFKA_REPLICATION_FACTOR = 1;

  /** Run the Kafka relay inside the API process when KAFKA_BROKERS is set. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  RUN_RELAY = true;

  /** base64 of 32 bytes wrapping the per-person keys; generated into DATA_DIR in embedded mode. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'VAULT_MASTER_KEY must be base64 of exactly 32 bytes' })
  VAULT_MASTER_KEY?: string;

  /** JSON object overriding matching weights, e.g. {"factors":{"category":3}}; every number bounded (libs/matching WEIGHT_BOUNDS). */
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MaxLength(64 * 1024)
  MATCHING_WEIGHTS?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 64 * 1024;

  /** Requests per minute per authenticated user (token subject), or per client address without a token; 0 turns rate limiting off. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  // --- authentication -----------------------------------------------------------------------------

  /**
   * embedded: tokens signed by the service's own Ed25519 key, generated into DATA_DIR/token-signing.key
   * (issue them with `npm run -s token`). oidc: tokens of an external OpenID Connect issuer, verified
   * with the keys at AUTH_JWKS_URL (AUTH_ISSUER and AUTH_AUDIENCE required).
   */
  @IsOptional() @IsIn(['embedded', 'oidc'])
  AUTH_MODE: 'embedded' | 'oidc' = 'embedded';

  /** The `iss` every token must carry; embedded default urn:wushe:embedded. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(1) @MaxLength(2048)
  AUTH_ISSUER?: string;

  /** The `aud` every token must carry; embedded default wushe-api. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(1) @MaxLength(2048)
  AUTH_AUDIENCE?: string;

  /** The issuer's JSON Web Key Set (https://, or http:// on localhost / 127.0.0.1 only). */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^(https:\/\/[^\s]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/[^\s]*)?)$/, {
    message: 'AUTH_JWKS_URL must be an https:// URL (http:// only on localhost or 127.0.0.1)',
  })
  AUTH_JWKS_URL?: string;

  /**
   * After fetching the JWKS, how long a token naming an unknown key id is refused without fetching it
   * again (a rotation is picked up on the first token signed by the new key after that; 30 s keeps a
   * stream of forged key ids from hammering the issuer).
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  AUTH_JWKS_COOLDOWN_SECONDS = 30;

  /** Browser origins allowed to call the API, comma separated (https://a.example,https://b.example); none by default. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, {
    message: 'CORS_ORIGINS must be scheme://host[:port] origins separated by commas, e.g. https://wushe.example.gov.cn',
  })
  CORS_ORIGINS?: string;

  /** Longest a query waits for `minPosition` to be projected (read-your-writes). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60000)
  READ_WAIT_TIMEOUT_MS = 5000;

  // --- rules the platform sets -----------------------------------------------------------------------

  /**
   * The most hours one volunteer may log on one Beijing date, all assignments together (422
   * VOLUNTEER_DAILY_HOURS_EXCEEDED beyond it). 12: a long relief day; more is almost surely a typo.
   * The domain never lets more than 24 through whatever is set here.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(24)
  VOLUNTEER_MAX_HOURS_PER_DAY = 12;

  /**
   * 需求失效 (issue 13): a need its committee has not reconfirmed for this many days since its listing
   * or last reconfirmation is marked stale (NeedMarkedStale) and leaves the matcher's proposals.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3650)
  NEED_STALE_AFTER_DAYS = 90;

  /** How often the freshness clock looks for needs due to be marked stale (default hourly). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) @Max(24 * 60 * 60 * 1000)
  NEED_FRESHNESS_SWEEP_MS = 60 * 60 * 1000;

  /**
   * The indicator of hours logged before an evaluation (issue 13): how many weeks before each annual
   * evaluation of a contract are compared with the contract's usual weekly rate (project detail).
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(26)
  HOURS_BEFORE_EVALUATION_WEEKS = 4;

  /**
   * 质疑期 (issue 13): after an award is announced, bidders may challenge it for this many Beijing working
   * days, the day of the announcement not counted; no contract is signed before they have run.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(30)
  PURCHASE_STANDSTILL_WORKING_DAYS = 7;

  /** Public holidays (法定节假日) that fall on weekdays, from the State Council's yearly notice: not working days. */
  @IsOptional() @Transform(toDateList) @IsArray({ message: 'PUBLIC_HOLIDAYS must be Beijing dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD, comma separated' })
  PUBLIC_HOLIDAYS: string[] = [];

  /** Weekend days the State Council makes working days (调休上班), from the same notice. */
  @IsOptional() @Transform(toDateList) @IsArray({ message: 'ADJUSTED_WORKING_DAYS must be Beijing dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD, comma separated' })
  ADJUSTED_WORKING_DAYS: string[] = [];

  /** 扫码签到签退: how long a service session code (the QR a coordinator shows) stays valid. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(24 * 60 * 60)
  SESSION_CODE_TTL_SECONDS = 300;

  /** base64 of at least 32 bytes signing session codes (HMAC-SHA256); generated into DATA_DIR when absent. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[A-Za-z0-9+/]{43,}={0,2}$/, { message: 'SESSION_CODE_SECRET must be base64 of at least 32 bytes' })
  SESSION_CODE_SECRET?: string;

  // --- webhooks to integrators (对接方通知), run beside the projector ------------------------------

  /**
   * base64 of at least 32 bytes from which every subscription's signing secret is derived (HMAC per
   * subscription and secret version), so no secret is stored; generated into DATA_DIR/webhook-secret.key
   * when absent. Set it (the same in every process) when the projector runs apart from the API.
   */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^[A-Za-z0-9+/]{43,}={0,2}$/, { message: 'WEBHOOK_SECRET_KEY must be base64 of at least 32 bytes' })
  WEBHOOK_SECRET_KEY?: string;

  /**
   * Let subscriptions name loopback, private and link-local targets (127.0.0.1, 10.x, 192.168.x, ::1...).
   * Off by default: the service must not be a way into its own network (SSRF). For tests and closed networks.
   */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS = false;

  /** First retry delay of an unacknowledged delivery; doubles each attempt (with jitter) up to WEBHOOK_RETRY_MAX_MS. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(3_600_000)
  WEBHOOK_RETRY_INITIAL_MS = 10_000;

  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(24 * 3_600_000)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** How long one delivery attempt may take before it counts as failed. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** How often the dispatcher looks for deliveries due. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(60_000)
  WEBHOOK_POLL_MS = 1000;

  /** Deliveries in flight at once, all subscribers together (one subscriber never holds more than two). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(256)
  WEBHOOK_CONCURRENCY = 8;

  /** A deadline is announced this many days before it falls due (0: on the day); one already due is announced at once. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(90)
  WEBHOOK_DEADLINE_NOTICE_DAYS = 3;

  /** How often the deadline clock looks for deadlines to announce (default hourly). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(24 * 60 * 60 * 1000)
  WEBHOOK_DEADLINE_SWEEP_MS = 60 * 60 * 1000;

  // --- the Kafka relay (apps/relay, or in the API process) ----------------------------------------

  /** A batch goes to Kafka when it holds this many events... */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  RELAY_BATCH_MAX_EVENTS = 500;

  /** ...or this long after its first event was read. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60_000)
  RELAY_BATCH_MAX_WAIT_MS = 50;

  /** First retry delay after the broker failed; doubles up to RELAY_RETRY_MAX_MS. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(60_000)
  RELAY_RETRY_INITIAL_MS = 100;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(600_000)
  RELAY_RETRY_MAX_MS = 5000;

  /** On shutdown, how long the relay keeps trying to publish the batch in hand. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600_000)
  RELAY_DRAIN_TIMEOUT_MS = 10_000;

  // --- the analytics consumer (apps/analytics) ------------------------------------------------------

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  ANALYTICS_PORT = 3100;

  /** Its SQLite file (figures and processed event ids); DATA_DIR/analytics.db when unset. */
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(1) @MaxLength(4096)
  ANALYTICS_DATABASE?: string;

  /** Kafka consumer group: instances sharing it split the partitions. */
  @IsOptional() @Matches(/^[a-zA-Z0-9._-]{1,100}$/)
  ANALYTICS_GROUP_ID = 'wushe-analytics';

  /**
   * Open Contracting: the publisher's ocid prefix (ocds- and six characters, registered with the Open
   * Contracting Partnership); every project's ocid is `<prefix>-<projectId>`.
   */
  @IsOptional() @Matches(/^ocds-[a-z0-9]{6}$/, { message: 'OCDS_OCID_PREFIX must be ocds- and six lower-case letters or digits' })
  OCDS_OCID_PREFIX = 'ocds-wushe0';

  /** Open Contracting: the publisher named in every package. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  OCDS_PUBLISHER_NAME = '五社联动服务平台 (Wushe)';
}

/** Thrown with ONE readable line per problem; main prints it and exits non-zero. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

const SETTINGS = [
  'PORT', 'HOST', 'DATA_DIR', 'EVENT_STORE', 'SQLITE_SYNCHRONOUS', 'SQLITE_GROUP_COMMIT', 'READ_MODELS', 'POSTGRES_URL', 'POSTGRES_SCHEMA',
  'EVENTSTORE_CONNECTION_STRING', 'RUN_PROJECTOR', 'PROJECTOR_THREAD', 'PROJECTOR_LEASES', 'PROJECTOR_LEASE_MS', 'PROJECTOR_SHARE', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'KAFKA_PARTITIONS',
  'KAFKA_REPLICATION_FACTOR', 'RUN_RELAY', 'VAULT_MASTER_KEY', 'MATCHING_WEIGHTS', 'LOG_LEVEL',
  'BODY_LIMIT_BYTES', 'RATE_LIMIT_PER_MINUTE', 'READ_WAIT_TIMEOUT_MS', 'VOLUNTEER_MAX_HOURS_PER_DAY',
  'NEED_STALE_AFTER_DAYS', 'NEED_FRESHNESS_SWEEP_MS', 'HOURS_BEFORE_EVALUATION_WEEKS', 'PURCHASE_STANDSTILL_WORKING_DAYS', 'PUBLIC_HOLIDAYS', 'ADJUSTED_WORKING_DAYS', 'SESSION_CODE_TTL_SECONDS', 'SESSION_CODE_SECRET',
  'WEBHOOK_SECRET_KEY', 'WEBHOOK_ALLOW_PRIVATE_TARGETS', 'WEBHOOK_RETRY_INITIAL_MS', 'WEBHOOK_RETRY_MAX_MS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_POLL_MS',
  'WEBHOOK_CONCURRENCY', 'WEBHOOK_DEADLINE_NOTICE_DAYS', 'WEBHOOK_DEADLINE_SWEEP_MS',
  'RELAY_BATCH_MAX_EVENTS', 'RELAY_BATCH_MAX_WAIT_MS', 'RELAY_RETRY_INITIAL_MS', 'RELAY_RETRY_MAX_MS', 'RELAY_DRAIN_TIMEOUT_MS',
  'ANALYTICS_PORT', 'ANALYTICS_DATABASE', 'ANALYTICS_GROUP_ID',
  'AUTH_MODE', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'AUTH_JWKS_COOLDOWN_SECONDS', 'CORS_ORIGINS',
  'OCDS_OCID_PREFIX', 'OCDS_PUBLISHER_NAME',
] as const satisfies readonly (keyof WusheConfig)[];

export const loadConfig = (env: Record<string, string | undefined> = process.env): WusheConfig => {
  // An empty value is an unset one (`NAME=`, or compose's `${NAME:-}`): the default stands, where a
  // transform's undefined would otherwise replace it.
  const relevant = Object.fromEntries(Object.entries(env).filter(([key, value]) => (SETTINGS as readonly string[]).includes(key) && value !== ''));
  const config = plainToInstance(WusheConfig, relevant, { exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  if ((config.EVENT_STORE === 'postgres' || config.READ_MODELS === 'postgres') && !config.POSTGRES_URL) {
    problems.push('POSTGRES_URL is required when EVENT_STORE or READ_MODELS is postgres');
  }
  if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
  }
  if (config.RELAY_RETRY_MAX_MS < config.RELAY_RETRY_INITIAL_MS) {
    problems.push('RELAY_RETRY_MAX_MS must be >= RELAY_RETRY_INITIAL_MS');
  }
  if (config.WEBHOOK_RETRY_MAX_MS < config.WEBHOOK_RETRY_INITIAL_MS) {
    problems.push('WEBHOOK_RETRY_MAX_MS must be >= WEBHOOK_RETRY_INITIAL_MS');
  }
  if (config.AUTH_MODE === 'oidc') {
    const missing = (['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const).filter((key) => !config[key]);
    if (missing.length > 0) problems.push(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required when AUTH_MODE=oidc`);
  } else if (config.AUTH_JWKS_URL) {
    problems.push('AUTH_JWKS_URL is only used when AUTH_MODE=oidc (the embedded mode signs with its own key under DATA_DIR)');
  }
  if (typeof config.MATCHING_WEIGHTS === 'string') {
    // Checked whole here (every key known, every number in its range), so the service refuses to start
    // with weights it would rank by nonsense, rather than failing later or ranking anyway.
    try {
      parseMatchingWeights(config.MATCHING_WEIGHTS);
    } catch (error) {
      problems.push(`MATCHING_WEIGHTS: ${(error as Error).message}`);
    }
  }
  const brokerPorts = (config.KAFKA_BROKERS ?? '').split(',').filter((entry) => entry !== '').map((entry) => Number(entry.slice(entry.lastIndexOf(':') + 1)));
  if (brokerPorts.some((port) => port < 1 || port > 65535)) problems.push('KAFKA_BROKERS: every port must be 1..65535');
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
};
