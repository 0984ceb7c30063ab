import {
  EventClient,
  Listener,
  ListenerMessage,
  Publisher,
  Subjects,
  TicketCreatedEvent,
  TicketEventData,
} from '@ticketing/common';

// The ack wait both sides subscribe with, on either transport.
export const ACK_WAIT = 5000;

/** A publish function and a way to hear of each receipt: what both sides offer the measurements. */
export interface Bus {
  publish(data: TicketEventData): Promise<void>;
  onReceive: (data: TicketEventData) => void;
}

/** Subject and floor buses on one running broker of a transport. */
export interface OpenTransport {
  common: Bus;
  raw: Bus;
  /** Who the floor is, for the report. */
  floor: string;
  broker: { name: string; pid?: number };
  notes: string[];
  close(): Promise<void>;
}

/** A transport the events suite measures: `open` starts its broker and connects both sides. */
export interface Transport {
  name: string;
  open(workDir: string): Promise<OpenTransport>;
}

/** A bus whose receipts go to whatever the running measurement sets as `onReceive`. */
export const idleBus = (publish: Bus['publish']): Bus => ({ publish, onReceive: () => {} });

export class BenchPublisher extends Publisher<TicketCreatedEvent> {
  subject: Subjects.TicketCreated = Subjects.TicketCreated;
}

export class BenchListener extends Listener<TicketCreatedEvent> {
  subject: Subjects.TicketCreated = Subjects.TicketCreated;
  queueGroupName = 'bench-common';
  protected override ackWait = ACK_WAIT;

  constructor(
    client: EventClient,
    private readonly bus: Bus,
  ) {
    super(client);
  }

  onMessage(data: TicketEventData, msg: ListenerMessage) {
    this.bus.onReceive(data);
    msg.ack();
  }
}
