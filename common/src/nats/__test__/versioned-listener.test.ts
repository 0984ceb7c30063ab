import { uniqueId } from '@ticketing/toolkit';
import { Subjects } from '../../events/subjects';
import { sleep, testTransports, useTransport, waitUntil, watchDeadLetters } from '../../test/nats';
import { RetryPolicy } from '../base-listener';
import { Publisher } from '../base-publisher';
import { EventClient } from '../event-client';
import { VersionedListener } from '../versioned-listener';

interface VersionEvent {
  subject: Subjects;
  data: { id: string; version: number };
}

/** A consumer's store of records by id, as the orders service keeps tickets. */
class Store {
  readonly versions = new Map<string, number>();
  readonly applied: string[] = [];
}

class StoreListener extends VersionedListener<VersionEvent> {
  protected override retry: RetryPolicy = { attempts: 4, delayMs: 100, maxDelayMs: 400 };

  constructor(
    client: EventClient,
    public subject: Subjects,
    public queueGroupName: string,
    private readonly store: Store,
  ) {
    super(client);
  }

  async currentVersion({ id }: VersionEvent['data']) {
    return this.store.versions.get(id);
  }

  async apply({ id, version }: VersionEvent['data']) {
    this.store.versions.set(id, version);
    this.store.applied.push(`${id}@${version}`);
  }
}

class VersionPublisher extends Publisher<VersionEvent> {
  constructor(
    client: EventClient,
    public subject: Subjects,
  ) {
    super(client);
  }
}

describe.each(testTransports())('on $name', (transport) => {
  const nats = useTransport(transport);
  const { listen } = nats;
  let store: Store;
  let group: string;
  let created: VersionPublisher;
  let updated: VersionPublisher;

  // As the orders service listens: a created and an updated subject, each its own subscription, one store.
  beforeEach(async () => {
    store = new Store();
    group = uniqueId('group');
    const subjects = { created: transport.subject(), updated: transport.subject() };
    await listen(new StoreListener(nats.client, subjects.created, group, store));
    await listen(new StoreListener(nats.client, subjects.updated, group, store));
    created = new VersionPublisher(nats.client, subjects.created);
    updated = new VersionPublisher(nats.client, subjects.updated);
  });

  it('applies versions in order when an update arrives before its creation', async () => {
    await updated.publish({ id: 'a', version: 1 });
    await updated.publish({ id: 'a', version: 2 });
    await sleep(150);
    expect(store.applied).toEqual([]);
    await created.publish({ id: 'a', version: 0 });
    await waitUntil(() => store.applied.length === 3, 10_000, 'three versions');
    expect(store.applied).toEqual(['a@0', 'a@1', 'a@2']);
  });

  it('acknowledges and skips a duplicate or older version, and goes on with the next', async () => {
    await created.publish({ id: 'b', version: 0 });
    await updated.publish({ id: 'b', version: 1 });
    await updated.publish({ id: 'b', version: 1 });
    await updated.publish({ id: 'b', version: 0 });
    await updated.publish({ id: 'b', version: 2 });
    await waitUntil(() => store.applied.length === 3, 10_000, 'three versions');
    await sleep(300);
    expect(store.applied).toEqual(['b@0', 'b@1', 'b@2']);
  });

  it('dead-letters a version whose predecessor never comes, after the retry budget, instead of looping', async () => {
    const deadLetters = await watchDeadLetters(nats.client, group);
    await updated.publish({ id: 'c', version: 3 });
    await waitUntil(() => deadLetters.letters.length > 0, 10_000, 'the dead letter');
    expect(deadLetters.letters).toEqual([
      expect.objectContaining({
        data: { id: 'c', version: 3 },
        attempts: 4,
        error: 'Version 3 of c arrived before version 0',
      }),
    ]);
    // The subscription is free again: the next events are applied.
    await created.publish({ id: 'd', version: 0 });
    await updated.publish({ id: 'd', version: 1 });
    await waitUntil(() => store.applied.length === 2, 10_000, 'two versions');
    expect(store.applied).toEqual(['d@0', 'd@1']);
    await deadLetters.close();
  });
});
