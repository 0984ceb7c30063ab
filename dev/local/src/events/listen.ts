import { NatsConnection } from 'nats';
import { Message, Stan, Subscription } from 'node-nats-streaming';
import { observe } from './observe';

export interface ReceivedEvent {
  subject: string;
  sequence: number;
  timestamp: Date;
  redelivered: boolean;
  /** Parsed JSON, or the raw text when the payload is not JSON. */
  data: unknown;
}

const decode = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Subscribes to each subject as an observer: no queue group (so every event is also
 * delivered to us rather than shared with the services' listeners, which keep getting all
 * of theirs) and no durable name (so the broker forgets us on disconnect and keeps nothing
 * for us). Auto-acknowledged: our acks never affect anyone else's subscription.
 * `all` replays each channel from its first stored event; otherwise only new ones arrive.
 */
export const listenToSubjects = (
  client: Stan,
  subjects: string[],
  { all }: { all: boolean },
  onEvent: (event: ReceivedEvent) => void,
  /** A subscription or one event that failed: reported, and the others keep arriving. */
  onError: (subject: string, err: Error) => void = (subject, err) =>
    process.stderr.write(`${subject}: ${err.message}\n`),
): Subscription[] =>
  subjects.map((subject) => {
    const options = client.subscriptionOptions();
    if (all) options.setDeliverAllAvailable();
    const subscription = client.subscribe(subject, options);
    subscription.on('error', (err: Error) => onError(subject, err));
    subscription.on('message', (msg: Message) => {
      try {
        onEvent({
          subject: msg.getSubject(),
          sequence: msg.getSequence(),
          timestamp: msg.getTimestamp(),
          redelivered: msg.isRedelivered(),
          data: decode(String(msg.getData())),
        });
      } catch (err) {
        onError(subject, err instanceof Error ? err : new Error(String(err)));
      }
    });
    return subscription;
  });

/** The same on JetStream (see `observe`). */
export const listenOnJetStream = async (
  nc: NatsConnection,
  subjects: string[],
  { all }: { all: boolean },
  onEvent: (event: ReceivedEvent) => void,
): Promise<void> => {
  for (const subject of subjects) {
    const messages = await (await observe(nc, subject, { all })).consumer.consume();
    void (async () => {
      for await (const msg of messages) {
        onEvent({
          subject: msg.subject,
          sequence: msg.info.streamSequence,
          timestamp: new Date(Math.floor(msg.info.timestampNanos / 1e6)),
          redelivered: msg.redelivered,
          data: decode(Buffer.from(msg.data).toString('utf8')),
        });
      }
    })();
  }
};

export const formatEvent = (event: ReceivedEvent): string =>
  `${event.timestamp.toISOString()} ${event.subject} #${event.sequence}${event.redelivered ? ' (redelivered)' : ''} ` +
  JSON.stringify(event.data);
