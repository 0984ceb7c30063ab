import { NatsConnection } from 'nats';

/** What `channels` shows of a consumer: how far behind it is. */
export interface StreamConsumer {
  name: string;
  filterSubject?: string;
  /** Messages not yet delivered to the consumer. */
  pending: number;
  /** Delivered, not acknowledged yet. */
  awaitingAck: number;
  redelivered: number;
}

export interface Stream {
  name: string;
  messages: number;
  firstSeq: number;
  lastSeq: number;
  /** Messages stored per subject. */
  subjects: Record<string, number>;
  consumers: StreamConsumer[];
}

/**
 * Every JetStream stream with its per-subject counts and its consumers, through the JetStream API
 * (the monitoring endpoint's /jsz has no per-subject counts).
 */
export const fetchStreams = async (nc: NatsConnection): Promise<Stream[]> => {
  const jsm = await nc.jetstreamManager();
  const streams: Stream[] = [];
  for await (const { config } of jsm.streams.list()) {
    const { state } = await jsm.streams.info(config.name, { subjects_filter: '>' });
    const consumers: StreamConsumer[] = [];
    for await (const consumer of jsm.consumers.list(config.name)) {
      consumers.push({
        name: consumer.name,
        filterSubject: consumer.config.filter_subject,
        pending: consumer.num_pending,
        awaitingAck: consumer.num_ack_pending,
        redelivered: consumer.num_redelivered,
      });
    }
    streams.push({
      name: config.name,
      messages: state.messages,
      firstSeq: state.first_seq,
      lastSeq: state.last_seq,
      subjects: state.subjects ?? {},
      consumers,
    });
  }
  return streams;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * One block per stream: its message count and sequence range, each subject with its count, then
 * each consumer (and the subject it reads) with its pending counts.
 */
export const formatStreams = (streams: Stream[]): string => {
  if (!streams.length) return 'No streams yet: no service has connected.';
  return streams
    .slice()
    .sort((a, b) => byName(a.name, b.name))
    .map(({ name, messages, firstSeq, lastSeq, subjects, consumers }) => {
      const range = messages ? ` (#${firstSeq}-#${lastSeq})` : '';
      const subjectNames = Object.keys(subjects).sort(byName);
      const head = `${name}: ${plural(messages, 'message')}${range}, ${plural(subjectNames.length, 'subject')}, ${plural(consumers.length, 'consumer')}`;
      const subjectLines = subjectNames.map((subject) => `  ${subject}: ${plural(subjects[subject], 'message')}`);
      const consumerLines = consumers
        .slice()
        .sort((a, b) => byName(a.name, b.name))
        .map(
          (c) =>
            `  - ${c.name}${c.filterSubject ? ` (${c.filterSubject})` : ''}: ${c.pending} pending, ` +
            `${c.awaitingAck} awaiting ack, ${c.redelivered} redelivered`,
        );
      return [head, ...subjectLines, ...consumerLines].join('\n');
    })
    .join('\n');
};
