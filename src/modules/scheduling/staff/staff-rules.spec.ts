import { changeStores, duplicateSkills, unusedSkillWarnings } from './staff-rules.js';

describe('changeStores', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'];

  it('sets the list as given for an actor who sees every store', () => {
    expect(changeStores([a, b], [b, c], 'all')).toEqual({ next: [b, c], added: [c], removed: [a], refused: [] });
  });

  it('keeps the stores a manager cannot see, whether they list them or not', () => {
    // The manager of a and c: b stays (left out), d stays (listed, already there).
    expect(changeStores([a, b, d], [c, d], [a, c])).toEqual({ next: [b, d, c], added: [c], removed: [a], refused: [] });
  });

  it('refuses a store the manager cannot see that the member is not at', () => {
    expect(changeStores([a], [a, b], [a]).refused).toEqual([b]);
  });

  it('changes nothing when given the same stores', () => {
    expect(changeStores([a, b], [b, a], [a])).toMatchObject({ added: [], removed: [], refused: [] });
  });
});

describe('skills', () => {
  it('names each repeated skill by its index', () => {
    expect(duplicateSkills([{ skill: 'nails' }, { skill: 'facial' }, { skill: 'nails' }])).toEqual([{ field: 'skills[2].skill', message: 'lists "nails" a second time' }]);
  });

  it('warns about each skill no service requires', () => {
    expect(unusedSkillWarnings([{ skill: 'hair_cut' }, { skill: 'facial' }, { skill: 'hair_colr' }], ['hair_colr'])).toEqual([
      { field: 'skills[2].skill', message: 'no service requires "hair_colr" yet' },
    ]);
  });
});
