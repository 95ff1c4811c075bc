import { describe, expect, it } from 'vitest';
import { parseWhatIfWords } from './commands.js';
import { plainWhatIfWords } from './plain-whatif.js';

describe('plain-English what-if questions', () => {
  it("reads the README's example as a structured what-if", () => {
    const words = plainWhatIfWords('what happens if we split eu-west-1 between eu-central-1 and us-east-1?');
    expect(words).toEqual(['shed', 'eu-west-1', 'split', 'eu-central-1=0.5,us-east-1=0.5']);
    expect(parseWhatIfWords(words!)).toEqual({
      shed: ['eu-west-1'],
      split: { 'eu-central-1': 0.5, 'us-east-1': 0.5 },
      at: { kind: 'now' },
    });
  });

  it('reads the common forms: move to, drain, lose, growth, added capacity, moments', () => {
    expect(plainWhatIfWords("What if we move eu-west-1's traffic to eu-central-1?")).toEqual([
      'shed',
      'eu-west-1',
      'split',
      'eu-central-1=1',
    ]);
    expect(plainWhatIfWords('what would happen if we drain ap-south-1 at the next peak')).toEqual([
      'shed',
      'ap-south-1',
      'at',
      'next-peak',
    ]);
    expect(plainWhatIfWords('suppose we lose us-east-1 and us-west-2 in 30 days')).toEqual([
      'shed',
      'us-east-1,us-west-2',
      'at',
      '+30d',
    ]);
    expect(plainWhatIfWords('what if traffic grows by 15% at the next peak?')).toEqual([
      'grow',
      '15',
      'at',
      'next-peak',
    ]);
    expect(plainWhatIfWords('what if eu-central-1 goes down and we add 20% capacity to us-east-1')).toEqual([
      'shed',
      'eu-central-1',
      'add-capacity',
      'us-east-1=20',
    ]);
    expect(plainWhatIfWords('what if we spread sa-east-1 across us-east-1, us-west-2 and eu-west-1')).toEqual([
      'shed',
      'sa-east-1',
      'split',
      'us-east-1=0.3333,us-west-2=0.3333,eu-west-1=0.3334',
    ]);
  });

  it('guesses nothing for questions that are not what-ifs', () => {
    expect(plainWhatIfWords('why is eu-west-1 slow?')).toBeNull();
    expect(plainWhatIfWords('what happens next?')).toBeNull();
  });
});
