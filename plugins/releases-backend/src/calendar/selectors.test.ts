import { selectorMatches, SelectableFacts } from './selectors';

const payments: SelectableFacts = {
  ref: 'component:default/Payments-API',
  system: 'system:default/payments',
  owner: 'group:default/team-a',
  lifecycle: 'production',
  tags: ['pci', 'java'],
};

describe('selectorMatches', () => {
  it('matches everything without a selector', () => {
    expect(selectorMatches(undefined, payments)).toBe(true);
  });

  it('completes short names with the key’s kind and compares refs case-insensitively', () => {
    expect(selectorMatches({ system: ['payments'] }, payments)).toBe(true);
    expect(
      selectorMatches({ system: ['System:Default/PAYMENTS'] }, payments),
    ).toBe(true);
    expect(selectorMatches({ owner: ['team-a'] }, payments)).toBe(true);
    expect(selectorMatches({ component: ['payments-api'] }, payments)).toBe(
      true,
    );
    // A short name is completed with the key's own kind, not another.
    expect(selectorMatches({ owner: ['user:default/team-a'] }, payments)).toBe(
      false,
    );
    expect(selectorMatches({ system: ['payment'] }, payments)).toBe(false);
  });

  it('requires every given key to match', () => {
    expect(
      selectorMatches(
        { system: ['payments'], lifecycle: ['production'], tag: ['pci'] },
        payments,
      ),
    ).toBe(true);
    expect(
      selectorMatches(
        { system: ['payments'], lifecycle: ['experimental'] },
        payments,
      ),
    ).toBe(false);
    expect(
      selectorMatches({ system: ['payments'], tag: ['go'] }, payments),
    ).toBe(false);
  });

  it('matches nothing with an empty list, and nothing on a fact the entity lacks', () => {
    expect(selectorMatches({ system: [] }, payments)).toBe(false);
    expect(selectorMatches({ tag: [] }, payments)).toBe(false);
    const bare: SelectableFacts = { ref: 'component:default/x', tags: [] };
    expect(selectorMatches({ system: ['payments'] }, bare)).toBe(false);
    expect(selectorMatches({ lifecycle: ['production'] }, bare)).toBe(false);
    expect(selectorMatches({ lifecycle: [''] }, bare)).toBe(true);
  });

  it('gives the same answers when one selector object is asked about many components', () => {
    const selector = {
      system: ['payments', 'checkout'],
      owner: ['team-a', 'team-b'],
    };
    const facts = ['payments', 'checkout', 'search'].flatMap(system =>
      ['team-a', 'team-c'].map(owner => ({
        ...payments,
        system: `system:default/${system}`,
        owner: `group:default/${owner}`,
      })),
    );
    const first = facts.map(f => selectorMatches(selector, f));
    const again = facts.map(f => selectorMatches(selector, f));
    expect(first).toEqual([true, false, true, false, false, false]);
    expect(again).toEqual(first);
  });
});
