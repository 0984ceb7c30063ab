import { randomBytes } from 'crypto';
import { connect as connectNats, NatsConnection } from 'nats';
import { Stan } from 'node-nats-streaming';
import { EventClient, EventTransport, NatsWrapper, Subjects } from '@ticketing/common';
import { fetchChannels, formatChannels } from './events/channels';
import { fetchStreams, formatStreams } from './events/streams';
import { chooseTransport } from './events/transport';
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
                                               (on JetStream: streams, counts per subject, consumers)
  npm run events -- dead-letters               messages listeners gave up on, numbered, with their last error
  npm run events -- replay <#>... | --all      publish those dead letters again on their original subjects
Env: NATS_URL (${natsUrl}), NATS_CLUSTER_ID (${clusterId}), NATS_MONITOR_URL (${monitorUrl}),
  EVENT_TRANSPORT (stan|jetstream; unset: JetStream if the server at NATS_URL runs it, else NATS Streaming)
Against a cluster: kubectl port-forward svc/nats-srv 4223:4222 8222:8222
`;

const hint = 'Is `npm run dev` running? For a cluster: kubectl port-forward svc/nats-srv 4223:4222 8222:8222';

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

/** A connection on the chosen transport, with what closes it. */
const connect = async (transport: EventTransport): Promise<{ client: EventClient; close(): Promise<void> }> => {
  if (transport === 'jetstream') {
    const nc = await connectNats({ servers: natsUrl }).catch((err: Error) =>
      fail(`Cannot connect to NATS at ${natsUrl}: ${err.message}\n${hint}`),
    );
    return { client: nc, close: () => nc.close() };
  }
  const nats = new NatsWrapper();
  await nats
    .connect(clusterId, `events-cli-${randomBytes(4).toString('hex')}`, natsUrl)
    .catch((err: Error) =>
      fail(`Cannot connect to NATS Streaming at ${natsUrl} (cluster ${clusterId}): ${err.message}\n${hint}`),
    );
  return { client: nats.client, close: () => nats.close() };
};

const channels = async (transport: EventTransport) => {
  if (transport === 'jetstream') {
    const nats = await connect(transport);
    const streams = await fetchStreams(nats.client as NatsConnection).catch((err: Error) =>
      fail(`Cannot read the streams at ${natsUrl}: ${err.message}`),
    );
    process.stdout.write(`${formatStreams(streams)}\n`);
    await nats.close();
    return;
  }
  const list = await fetchChannels(monitorUrl).catch((err: Error) =>
    fail(`Cannot read ${monitorUrl}/streaming/channelsz: ${err.message}\n${hint}`),
  );
  process.stdout.write(`${formatChannels(list)}\n`);
};

const deadLetters = async (transport: EventTransport) => {
  const nats = await connect(transport);
  const letters = await readDeadLetters(nats.client).catch((err: Error) =>
    fail(`Cannot read the dead letters at ${natsUrl}: ${err.message}`),
  );
  process.stdout.write(letters.length ? `${letters.map(formatDeadLetter).join('\n')}\n` : 'No dead letters.\n');
  await nats.close();
};

const replay = async (transport: EventTransport, args: string[]) => {
  const all = args.includes('--all');
  const positions = args.filter((arg) => arg !== '--all').map(Number);
  if (all === positions.length > 0 || positions.some((n) => !Number.isInteger(n) || n < 1)) fail(usage, 2);
  const nats = await connect(transport);
  const letters = await readDeadLetters(nats.client).catch((err: Error) =>
    fail(`Cannot read the dead letters at ${natsUrl}: ${err.message}`),
  );
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
  const nats = await connect('jetstream');
  const nc = nats.client as NatsConnection;
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

const listen = async (transport: EventTransport, args: string[]) => {
  const all = args.includes('--all');
  const named = args.filter((arg) => !arg.startsWith('--'));
  if (named.length > 1 || args.some((arg) => arg.startsWith('--') && arg !== '--all')) fail(usage, 2);
  const subjects = named.length ? named : Object.values(Subjects);

  if (transport === 'jetstream') return listenJetStream(subjects, all);
  const nats = await connect('stan');
  const client = nats.client as Stan;
  client.on('close', () => fail('The connection to NATS Streaming closed'));

  listenToSubjects(client, subjects, { all }, (event) => process.stdout.write(`${formatEvent(event)}\n`));
  process.stdout.write(`Listening on ${subjects.join(', ')}${all ? ' from the first event' : ''}. Ctrl-C to stop.\n`);

  const stop = async () => {
    client.removeAllListeners('close');
    // Closing removes our subscriptions from the broker at once.
    await nats.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

const main = async () => {
  const [command, ...rest] = process.argv.slice(2);
  const known = (command === 'channels' || command === 'dead-letters') && !rest.length;
  if (!known && command !== 'listen' && command !== 'replay') fail(usage, 2);
  const transport = await chooseTransport(natsUrl).catch((err: Error) => fail(err.message, 2));
  if (command === 'channels') await channels(transport);
  else if (command === 'dead-letters') await deadLetters(transport);
  else if (command === 'listen') await listen(transport, rest);
  else await replay(transport, rest);
};
void main();
