import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryRun,
  jurisdictions,
  play,
  shuffled,
  targets,
} from '../test-fixtures/arbitrary-fleet-events.js';
import { compareEvents } from './compare-events.js';
import { FleetHealth } from './fleet-health.js';
import type { HealthEvent } from './health-event.js';

/** A delivery: some events (gaps), some twice (duplicates), in a shuffled order. */
const arbitraryDelivery = (count: number) =>
  fc.array(fc.integer({ min: 0, max: Math.max(0, count - 1) }), { maxLength: count * 2 });

describe('FleetHealth (property)', () => {
  it('converges: any order, duplicates and gaps, then a reconciliation, give the same state everywhere', () => {
    fc.assert(
      fc.property(
        arbitraryRun,
        fc
          .array(fc.constant(null), { minLength: 2, maxLength: 4 })
          .chain((replicas) =>
            fc.array(arbitraryDelivery(60), { minLength: replicas.length, maxLength: replicas.length }),
          ),
        fc.array(fc.integer(), { minLength: 1, maxLength: 1 }),
        (run, deliveries, [orderSeed]) => {
          const events = play(run);
          // Redis holds the join of everything published, in the order it arrived.
          const server = new FleetHealth();
          for (const event of shuffled(events, orderSeed ?? 0)) server.apply(event);
          const replicas = deliveries.map((delivery) => {
            const replica = new FleetHealth();
            for (const index of delivery) {
              const event = events[index % Math.max(1, events.length)];
              if (event !== undefined) replica.apply(event);
            }
            return replica;
          });
          const reference = new FleetHealth();
          for (const event of [...events].sort(compareEvents)) reference.apply(event);
          expect(server.events()).toEqual(reference.events());
          for (const replica of replicas) {
            replica.merge(server);
            expect(replica.events()).toEqual(reference.events());
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lifts a cut-off only by a newer restore of its scope, and keeps the latest cooldown deadline', () => {
    fc.assert(
      fc.property(arbitraryRun, fc.integer(), (run, seed) => {
        const events = play(run);
        const health = new FleetHealth();
        for (const event of shuffled(events, seed)) health.apply(event);
        for (const targetId of targets) {
          for (const scope of [undefined, ...jurisdictions]) {
            const restores = events.filter(
              (event) =>
                event.type === 'restore' &&
                event.targetId === targetId &&
                (event.jurisdiction === undefined || event.jurisdiction === scope),
            );
            const liftedAfter = (cut: HealthEvent) =>
              restores.some((restore) => compareEvents(restore, cut) > 0);
            const standing = events.filter(
              (event) =>
                event.type === 'cutoff' &&
                event.targetId === targetId &&
                event.jurisdiction === scope &&
                !liftedAfter(event),
            );
            const inForce = health.cutoffsOf(targetId).find((event) => event.jurisdiction === scope);
            expect(inForce !== undefined).toBe(standing.length > 0);
          }
          const deadlines = events.flatMap((event) =>
            event.type === 'cooldown' && event.targetId === targetId ? [event.until] : [],
          );
          expect(health.cooldownOf(targetId)?.until).toBe(
            deadlines.length ? Math.max(...deadlines) : undefined,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('merges commutatively, associatively and idempotently', () => {
    fc.assert(
      fc.property(arbitraryRun, fc.integer(), fc.integer(), (run, first, second) => {
        const events = play(run);
        const third = Math.floor(events.length / 3);
        const parts = [events.slice(0, third), events.slice(third, 2 * third), events.slice(2 * third)];
        const replicaOf = (part: HealthEvent[], seed: number) => {
          const replica = new FleetHealth();
          for (const event of shuffled(part, seed)) replica.apply(event);
          return replica;
        };
        const [a, b, c] = parts.map((part, index) => replicaOf(part, index ? second : first)) as [
          FleetHealth,
          FleetHealth,
          FleetHealth,
        ];
        const ab = replicaOf([], 0);
        ab.merge(a);
        ab.merge(b);
        const ba = replicaOf([], 0);
        ba.merge(b);
        ba.merge(a);
        expect(ab.events()).toEqual(ba.events());
        const abc = replicaOf([], 0);
        abc.merge(ab);
        abc.merge(c);
        const bc = replicaOf([], 0);
        bc.merge(b);
        bc.merge(c);
        const aBc = replicaOf([], 0);
        aBc.merge(a);
        aBc.merge(bc);
        expect(abc.events()).toEqual(aBc.events());
        const again = replicaOf([], 0);
        again.merge(abc);
        again.merge(abc);
        expect(again.events()).toEqual(abc.events());
      }),
      { numRuns: 200 },
    );
  });
});
