import { AckPolicy, DeliverPolicy, DiscardPolicy, JsMsg, NatsConnection, nanos, StorageType } from 'nats';
import { Subjects } from '../events/subjects';

/**
 * The stream that holds the events on JetStream: every subject of `Subjects`, kept on disk.
 * Limits: 30 days, 1 GiB and 1 MiB per message; past them the oldest events go. Publishes of
 * the same event (same `Nats-Msg-Id`) within 2 minutes are stored once.
 */
export const eventStream = {
  name: 'TICKETING',
  subjects: Object.values(Subjects) as string[],
  storage: StorageType.File,
  discard: DiscardPolicy.Old,
  max_age: nanos(30 * 24 * 60 * 60 * 1000),
  max_bytes: 1024 ** 3,
  max_msg_size: 1024 ** 2,
  duplicate_window: nanos(2 * 60 * 1000),
};

/** Creates the stream, or adds subjects it lacks; safe to call from every service at start. */
export const ensureStream = async (nc: NatsConnection, stream: { name: string; subjects: string[] } = eventStream) => {
  const jsm = await nc.jetstreamManager();
  try {
    const { config } = await jsm.streams.info(stream.name);
    const missing = stream.subjects.filter((subject) => !config.subjects.includes(subject));
    if (missing.length)
      await jsm.streams.update(stream.name, { ...config, subjects: [...config.subjects, ...missing] });
  } catch {
    await jsm.streams.add({ ...eventStream, ...stream });
  }
};

export interface JetStreamConsumerOptions {
  subject: string;
  /** The queue group: members of one group share a durable consumer, so each message goes to one of them. */
  queueGroup: string;
  ackWait: number;
  concurrency: number;
  /** Deliveries before the server stops trying (a consumer that died holding the message every time). */
  maxDeliver: number;
}

/** The message as `onMessage` sees it on JetStream (see ListenerMessage for where it differs). */
export class JetStreamMessage {
  constructor(readonly raw: JsMsg) {}
  ack() {
    this.raw.ack();
  }
  getSubject() {
    return this.raw.subject;
  }
  /** The stream sequence: shared by every subject of the stream, unlike NATS Streaming's per channel. */
  getSequence() {
    return this.raw.info.streamSequence;
  }
  getData() {
    return Buffer.from(this.raw.data);
  }
  getTimestamp() {
    return new Date(Math.floor(this.raw.info.timestampNanos / 1e6));
  }
  isRedelivered() {
    return this.raw.redelivered;
  }
  /** Tells the server the message is still being handled, which restarts its ackWait. */
  working() {
    this.raw.working();
  }
}

/** The durable consumer a queue group reads a subject through (JetStream's names allow no dots). */
export const consumerName = (queueGroup: string, subject: string) => `${queueGroup}_${subject}`.replace(/[^\w-]/g, '_');

/**
 * A durable pull consumer per queue group and subject, with explicit acks, at most `concurrency`
 * unacknowledged messages, and backoff between the server's redeliveries. Resolves once
 * consuming; `handle` gets each message.
 */
export const consumeJetStream = async (
  nc: NatsConnection,
  options: JetStreamConsumerOptions,
  handle: (msg: JetStreamMessage) => void,
) => {
  const jsm = await nc.jetstreamManager();
  const stream = await jsm.streams.find(options.subject);
  const name = consumerName(options.queueGroup, options.subject);
  const backoff = Array.from({ length: options.maxDeliver - 1 }, (_, n) =>
    nanos(options.ackWait * Math.min(2 ** n, 8)),
  );
  const config = {
    ack_wait: nanos(options.ackWait),
    max_ack_pending: options.concurrency,
    max_deliver: options.maxDeliver,
    backoff,
  };
  try {
    await jsm.consumers.info(stream, name);
    await jsm.consumers.update(stream, name, config);
  } catch {
    await jsm.consumers.add(stream, {
      ...config,
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: options.subject,
    });
  }
  const consumer = await nc.jetstream().consumers.get(stream, name);
  const messages = await consumer.consume({ max_messages: options.concurrency });
  // Left running, a consumer whose connection closed retries its pull forever (logging each time) and
  // keeps the process alive: a service that closes its connection without closing its listeners never exits.
  void nc.closed().then(() => messages.stop());
  void (async () => {
    for await (const msg of messages) handle(new JetStreamMessage(msg));
  })();
  return messages;
};
