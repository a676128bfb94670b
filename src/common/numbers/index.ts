export { formatHumanNumber, parseHumanNumber, compareHumanNumbers, isHumanNumberPrefix, SEQUENCE_DIGITS, type HumanNumberParts } from './human-number.js';
export { HumanNumbers, HumanNumbersModule, type TakeNumber, type TakenNumber } from './human-numbers.service.js';
