import { DomainError } from '../errors/index.js';
import type { StateMachine } from './state-machine.js';

const words = (entity: string) => entity.replace(/_/g, ' ');

export const StateErrors = {
  /**
   * 409 naming where the entity is and where it may go from there, as problem extensions
   * (`currentState`, `requestedState`, `allowedStates`) so a front end can offer the right buttons.
   */
  invalidTransition: <S extends string>(machine: StateMachine<S>, current: S, requested: S) => {
    const allowed = machine.allowedFrom(current);
    const next = allowed.length > 0 ? `From ${current} it may become ${allowed.join(', ')}.` : `${current} is final: it changes no more.`;
    return new DomainError(`${machine.entity}.invalid_transition`, 409, `This ${words(machine.entity)} is ${current}: it cannot become ${requested}. ${next}`, {
      title: 'Not allowed in the current state',
      extensions: { currentState: current, requestedState: requested, allowedStates: [...allowed] },
    });
  },
};
