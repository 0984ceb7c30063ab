import { randomBytes } from 'crypto';
import { connect as connectNats } from 'nats';
import { NatsWrapper, Subjects } from '@ticketing/common';
import { fetchChannels, formatChannels } from './events/channels';
import { fetchStreams, formatStreams } from './events/streams';
import { formatEvent, listenOnJetStream, listenToSubjects } from './events/listen';
import { formatDeadLetter, readDeadLetters, replayDeadLetter } from './events/dead-letters';

/**
 * Looks at the event bus, locally or in a cluster:
 *   npm run events -- listen [subject] [--all]   print events as they arrive
 *   npm run events -- channels                   channels, message counts, subscriptions
 *   npm run events -- dead-letters               messages listeners gave up on
 *   npm run events -- replay <#>... | --all      publish dead letters again on their subjects
 * For a cluster: kubectl port-forward svc/nats-srv 4223:4222 8222:8222
 */

const natsUrl = process.env.NATS_URL ?? 'nats://localhost:4223';
const clusterId = process.env.NATS_CLUSTER_ID ?? 'ticketing';
const monitorUrl = process.env.NATS_MONITOR_URL ?? 'http://localhost:8222';

const usage = `Usage:
  npm run events -- listen [subject] [--all]   print events as they arrive (default: every ticket subject);
                                               --all replays each channel from its first event
  npm run events -- channels                   channels, message counts, subscriptions, pending counts
                                               (EVENT_TRANSPORT=jetstream: streams, counts, consumers;
                                               listen works there too)
  npm run events -- dead-letters               messages listeners gave up on, numbered, with their last error
  npm run events -- replay <#>... | --all      publish those dead letters again on their original subjects
Env: NATS_URL (${natsUrl}), NATS_CLUSTER_ID (${clusterId}), NATS_MONITOR_URL (${monitorUrl}), EVENT_TRANSPORT (stan)
Against a cluster: kubectl port-forward svc/nats-srv 4223:4222 8222:8222
`;

const hint = 'Is `npm run dev` running? For a cluster: kubectl port-forward svc/nats-srv 4223:4222 8222:8222';

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const channels = async () => {
  if (process.env.EVENT_TRANSPORT === 'jetstream') {
    const streams = await fetchStreams(monitorUrl).catch((err: Error) =>
      fail(`Cannot read ${monitorUrl}/jsz: ${err.message}\n${hint}`),
    );
    process.stdout.write(`${formatStreams(streams)}\n`);
    return;
  }
  const list = await fetchChannels(monitorUrl).catch((err: Error) =>
    fail(`Cannot read ${monitorUrl}/streaming/channelsz: ${err.message}\n${hint}`),
  );
  process.stdout.write(`${formatChannels(list)}\n`);
};

const connect = async () => {
  const nats = new NatsWrapper();
  await nats
    .connect(clusterId, `events-cli-${randomBytes(4).toString('hex')}`, natsUrl)
    .catch((err: Error) =>
      fail(`Cannot connect to NATS Streaming at ${natsUrl} (cluster ${clusterId}): ${err.message}\n${hint}`),
    );
  return nats;
};

const deadLetters = async () => {
  const nats = await connect();
  const letters = await readDeadLetters(nats.client);
  process.stdout.write(letters.length ? `${letters.map(formatDeadLetter).join('\n')}\n` : 'No dead letters.\n');
  await nats.close();
};

const replay = async (args: string[]) => {
  const all = args.includes('--all');
  const positions = args.filter((arg) => arg !== '--all').map(Number);
  if (all === positions.length > 0 || positions.some((n) => !Number.isInteger(n) || n < 1)) fail(usage, 2);
  const nats = await connect();
  const letters = await readDeadLetters(nats.client);
  const chosen = all ? letters : letters.filter(({ position }) => positions.includes(position));
  const missing = positions.filter((n) => !letters.some(({ position }) => position === n));
  for (const stored of chosen) {
    await replayDeadLetter(nats.client, stored);
    process.stdout.write(`Replayed dead letter #${stored.position} on ${stored.letter.subject}\n`);
  }
  await nats.close();
  if (missing.length) fail(`No dead letter ${missing.map((n) => `#${n}`).join(', ')}`);
};

const listenJetStream = async (subjects: string[], all: boolean) => {
  const nc = await connectNats({ servers: natsUrl }).catch((err: Error) =>
    fail(`Cannot connect to NATS at ${natsUrl}: ${err.message}\n${hint}`),
  );
  await listenOnJetStream(nc, subjects, { all }, (event) => process.stdout.write(`${formatEvent(event)}\n`)).catch(
    (err: Error) => fail(`Cannot read the streams at ${natsUrl}: ${err.message}`),
  );
  process.stdout.write(`Listening on ${subjects.join(', ')}${all ? ' from the first event' : ''}. Ctrl-C to stop.\n`);
  const stop = async () => {
    await nc.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

const listen = async (args: string[]) => {
  const all = args.includes('--all');
  const named = args.filter((arg) => !arg.startsWith('--'));
  if (named.length > 1 || args.some((arg) => arg.startsWith('--') && arg !== '--all')) fail(usage, 2);
  const subjects = named.length ? named : Object.values(Subjects);

  if (process.env.EVENT_TRANSPORT === 'jetstream') return listenJetStream(subjects, all);
  const nats = await connect();
  nats.client.on('close', () => fail('The connection to NATS Streaming closed'));

  listenToSubjects(nats.client, subjects, { all }, (event) => process.stdout.write(`${formatEvent(event)}\n`));
  process.stdout.write(`Listening on ${subjects.join(', ')}${all ? ' from the first event' : ''}. Ctrl-C to stop.\n`);

  const stop = async () => {
    nats.client.removeAllListeners('close');
    // Closing removes our subscriptions from the broker at once.
    await nats.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

const [command, ...rest] = process.argv.slice(2);
if (command === 'channels' && !rest.length) void channels();
else if (command === 'listen') void listen(rest);
else if (command === 'dead-letters' && !rest.length) void deadLetters();
else if (command === 'replay') void replay(rest);
else fail(usage, 2);
