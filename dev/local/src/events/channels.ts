/** The parts of NATS Streaming's /streaming/channelsz?subs=1 answer that we show. */
export interface ChannelSubscription {
  client_id: string;
  /** "durable:group" for a durable queue subscription; absent without a queue group. */
  queue_name?: string;
  durable_name?: string;
  is_durable: boolean;
  is_offline: boolean;
  last_sent: number;
  pending_count: number;
  is_stalled: boolean;
}

export interface Channel {
  name: string;
  msgs: number;
  bytes: number;
  first_seq: number;
  last_seq: number;
  subscriptions?: ChannelSubscription[];
}

interface ChannelsPage {
  offset: number;
  count: number;
  total: number;
  channels?: Channel[];
}

/** Every channel with its subscriptions, following the endpoint's paging. */
export const fetchChannels = async (monitorUrl: string): Promise<Channel[]> => {
  const channels: Channel[] = [];
  for (;;) {
    const url = `${monitorUrl.replace(/\/$/, '')}/streaming/channelsz?subs=1&offset=${channels.length}&limit=1024`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    const page = (await res.json()) as ChannelsPage;
    channels.push(...(page.channels ?? []));
    if (!page.channels?.length || channels.length >= page.total) return channels;
  }
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const describeSubscription = (sub: ChannelSubscription): string => {
  const kind = [
    sub.queue_name ? `queue group ${sub.queue_name}` : 'no queue group',
    sub.is_durable ? `durable ${sub.durable_name ?? sub.queue_name?.split(':')[0] ?? ''}`.trim() : 'not durable',
  ];
  const state = [`last sent #${sub.last_sent}`, `${sub.pending_count} pending`];
  if (sub.is_offline) state.push('offline');
  if (sub.is_stalled) state.push('stalled');
  return `  - ${sub.client_id}: ${kind.join(', ')}; ${state.join(', ')}`;
};

/** One block per channel: its message count and sequence range, then its subscriptions. */
export const formatChannels = (channels: Channel[]): string => {
  if (!channels.length) return 'No channels yet: nothing has been published.';
  return channels
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((channel) => {
      const range = channel.msgs ? ` (#${channel.first_seq}-#${channel.last_seq})` : '';
      const subs = channel.subscriptions ?? [];
      const lines = [
        `${channel.name}: ${plural(channel.msgs, 'message')}${range}, ${plural(subs.length, 'subscription')}`,
      ];
      return [...lines, ...subs.map(describeSubscription)].join('\n');
    })
    .join('\n');
};
