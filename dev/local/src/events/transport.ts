import { connect } from 'nats';
import { EventTransport, eventTransport } from '@ticketing/common';

/**
 * The transport to use: EVENT_TRANSPORT when set; otherwise the server at `natsUrl` is asked,
 * in the INFO it sends on connecting, whether it runs JetStream (NATS Streaming's embedded
 * server does not). So `npm run dev -- --transport jetstream` needs no setting here. A server
 * that cannot be reached gives the default, NATS Streaming, whose commands then say so.
 */
export const chooseTransport = async (natsUrl: string): Promise<EventTransport> => {
  if (process.env.EVENT_TRANSPORT) return eventTransport();
  const nc = await connect({ servers: natsUrl, reconnect: false, timeout: 2000 }).catch(() => undefined);
  if (!nc) return 'stan';
  const jetstream = nc.info?.jetstream === true;
  await nc.close();
  return jetstream ? 'jetstream' : 'stan';
};
