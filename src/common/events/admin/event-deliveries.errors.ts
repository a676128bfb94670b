import { DomainError } from '../../errors/index.js';

export const EventDeliveryErrors = {
  notFound: (id: string) => new DomainError('event_delivery.not_found', 404, `No event delivery with id ${id}.`),
  notDead: (status: string) =>
    new DomainError('event_delivery.not_dead', 409, `Only a dead delivery can be retried; this one is ${status}.`, {
      title: 'Delivery not dead',
      extensions: { status, allowed: ['dead'] },
    }),
};
