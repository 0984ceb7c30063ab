/** The parts of nats-server's /jsz?streams=true&consumers=true answer that we show. */
export interface StreamConsumer {
  name: string;
  /** Messages not yet delivered to the consumer. */
  num_pending: number;
  /** Delivered, not acknowledged yet. */
  num_ack_pending: number;
  num_redelivered: number;
}

export interface Stream {
  name: string;
  state: { messages: number; first_seq: number; last_seq: number; num_subjects?: number };
  consumer_detail?: StreamConsumer[];
}

interface Jsz {
  account_details?: { stream_detail?: Stream[] }[];
}

/** Every JetStream stream with its consumers, from the monitoring endpoint. */
export const fetchStreams = async (monitorUrl: string): Promise<Stream[]> => {
  const url = `${monitorUrl.replace(/\/$/, '')}/jsz?streams=true&consumers=true`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const jsz = (await res.json()) as Jsz;
  return (jsz.account_details ?? []).flatMap((account) => account.stream_detail ?? []);
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One block per stream: its message count and sequence range, then its consumers with pending counts. */
export const formatStreams = (streams: Stream[]): string => {
  if (!streams.length) return 'No streams yet: no service has connected.';
  return streams
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, state, consumer_detail: consumers = [] }) => {
      const range = state.messages ? ` (#${state.first_seq}-#${state.last_seq})` : '';
      const head =
        `${name}: ${plural(state.messages, 'message')}${range}, ${plural(state.num_subjects ?? 0, 'subject')}, ` +
        plural(consumers.length, 'consumer');
      const lines = consumers
        .slice()
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(
          (c) =>
            `  - ${c.name}: ${c.num_pending} pending, ${c.num_ack_pending} awaiting ack, ${c.num_redelivered} redelivered`,
        );
      return [head, ...lines].join('\n');
    })
    .join('\n');
};
