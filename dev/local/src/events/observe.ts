import { AckPolicy, Consumer, DeliverPolicy, NatsConnection, nanos } from 'nats';

/**
 * An observer on JetStream: an ephemeral consumer of one subject without acks, which the server
 * forgets 30 s after we leave; it takes nothing from the services' durable consumers. Not an
 * ordered consumer: those filter with `filter_subjects`, which servers before 2.10 lack.
 * `all` starts at the subject's first stored message; `pending` is how many were stored then.
 */
export const observe = async (
  nc: NatsConnection,
  subject: string,
  { all }: { all: boolean },
): Promise<{ consumer: Consumer; pending: number }> => {
  const jsm = await nc.jetstreamManager();
  const stream = await jsm.streams.find(subject);
  const { name, num_pending: pending } = await jsm.consumers.add(stream, {
    filter_subject: subject,
    ack_policy: AckPolicy.None,
    deliver_policy: all ? DeliverPolicy.All : DeliverPolicy.New,
    inactive_threshold: nanos(30_000),
  });
  return { consumer: await nc.jetstream().consumers.get(stream, name), pending };
};
