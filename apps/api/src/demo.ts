import 'reflect-metadata';
import { ConfigurationError, loadConfig } from '#platform';
import { countDemoLists, DEMO_LISTS, type DemoActor, demoCredentials, fetchHttp, loadDemoDistrict, SimulatedClock, startDemoService } from './demo/index.js';
import { CITY, DISTRICT } from './demo/district-data.js';

const yuan = (fen: number) => `${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`;

/**
 * `npm run demo`: the service on the embedded default (as `npm start`), and, when its store is
 * empty, a Xiamen-like district (思明区) loaded through the HTTP API. DEMO_SCALE=0.2 loads less.
 */
const main = async () => {
  // One client sends thousands of commands in seconds: the public per-client limit stays off unless set.
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', ...process.env });
  const scale = Number(process.env.DEMO_SCALE ?? '1');
  const clock = new SimulatedClock();
  const service = await startDemoService(config, clock);
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await service.app.listen({ port: config.PORT, host: config.HOST });
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const baseUrl = `http://${host}:${config.PORT}`;

  // Every request of the demo carries a bearer token of the embedded issuer, as any client's would.
  const credentials = demoCredentials(config);
  const stored = await service.infrastructure.eventStore.headPosition();
  let committee: DemoActor | undefined;
  if (stored > 0) {
    console.log(`The store in ${config.DATA_DIR} already holds ${stored} events: nothing loaded (the demo loads into an empty store).`);
  } else {
    console.log(`Loading 厦门市思明区 (scale ${scale}) through ${baseUrl} ...`);
    const http = fetchHttp(baseUrl, credentials);
    const report = await loadDemoDistrict(http, { clock, scale, log: (line) => console.log(`  ${line}`) });
    const first = report.world.communities[0];
    if (first) committee = { id: `committee-${first.code}`, role: 'community_committee', area: { city: CITY, district: DISTRICT, street: first.street.code, community: first.code } };
    const lists = await countDemoLists(http, report.position);
    const seconds = report.elapsedMs / 1000;
    console.log('');
    console.log(`Loaded ${report.startsOn} .. today in ${seconds.toFixed(1)} s: ${report.stats.commands} commands, ${report.commandsPerSecond.toFixed(0)} commands/s`);
    const head = await service.infrastructure.eventStore.headPosition();
    console.log(`  ${report.stats.events} events answered by the commands; head position ${head} with the policies' follow-ups and reservations on other streams`);
    console.log(`  ${report.stats.replayed} commands replayed from an earlier run, ${report.stats.retries} retried`);
    for (const refusal of report.refusals) console.log(`  refused as it should be: ${refusal.what} -> ${refusal.code}`);
    console.log('Lists:');
    for (const name of Object.keys(DEMO_LISTS) as (keyof typeof DEMO_LISTS)[]) console.log(`  ${DEMO_LISTS[name].padEnd(16)} ${lists.counts[name]}`);
    console.log(`  needs by status:    ${JSON.stringify(lists.needsByStatus)}`);
    console.log(`  projects by status: ${JSON.stringify(lists.projectsByStatus)}`);
    console.log(`  charity balance unallocated: ${yuan(lists.donationBalanceFen)}; hours delivered on projects: ${lists.deliveredHours}`);
    console.log(`  the 中华街道 station (weekly hours, rule 2): ${baseUrl}/projects/${report.projects.streetStation}`);
  }
  console.log('');
  console.log(`Wushe 五社联动 demo on ${baseUrl}`);
  console.log(`  API docs  ${baseUrl}/docs`);
  for (const path of Object.values(DEMO_LISTS)) console.log(`  list      ${baseUrl}${path}`);
  console.log(`  health    ${baseUrl}/health`);
  // A few of the demo's users, to try the API as them (8 hours; more with npm run -s token).
  const users: [string, DemoActor][] = [
    ['civil-affairs bureau of 思明区', { id: 'siming-civil-affairs', role: 'civil_affairs_bureau', area: { city: CITY, district: DISTRICT } }],
    ...(committee ? [['community committee', committee] as [string, DemoActor]] : []),
    ['social organisation', { id: 'org-0', role: 'social_organisation', area: { city: CITY, district: DISTRICT } }],
    ['volunteer', { id: 'volunteer-0', role: 'volunteer', area: { city: CITY } }],
    ['donor', { id: 'demo-donor', role: 'donor', area: { city: CITY } }],
  ];
  console.log('');
  console.log('Tokens of some demo users (curl -H "Authorization: Bearer <token>" ...):');
  for (const [who, user] of users) {
    console.log(`  ${who} (${user.role} ${user.id}):`);
    console.log(`    ${credentials(user)}`);
  }
};

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) console.error(error.message);
  else console.error(`The Wushe demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
