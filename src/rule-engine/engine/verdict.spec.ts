import { mergeVerdict } from './verdict';

describe('mergeVerdict', () => {
  const v = (verdict: unknown, reason?: string): { verdict: unknown; reason: string | undefined } => ({ verdict, reason });

  it('keeps the most severe known verdict with its own reason', () => {
    expect(mergeVerdict(v('AUTHORIZE', 'VALID_DATA'), v('ABSTAIN'))).toEqual(v('ABSTAIN'));
    expect(mergeVerdict(v('ABSTAIN', 'SUSPICIOUS'), v('REJECT', 'DUPLICATE'))).toEqual(v('REJECT', 'DUPLICATE'));
    expect(mergeVerdict(v('REJECT', 'DUPLICATE'), v('ABSTAIN', 'SUSPICIOUS'))).toEqual(v('REJECT', 'DUPLICATE'));
  });

  it('keeps the first on equal severity', () => {
    expect(mergeVerdict(v('REJECT', 'DUPLICATE'), v('REJECT', 'INVALID_DATE'))).toEqual(v('REJECT', 'DUPLICATE'));
  });

  it('stores unknown values until a known one appears, and never lets them displace a known one', () => {
    expect(mergeVerdict(null, v('SUCCESS', 'TEST'))).toEqual(v('SUCCESS', 'TEST'));
    expect(mergeVerdict(v('SUCCESS'), v('FAIL'))).toEqual(v('SUCCESS'));
    expect(mergeVerdict(v('SUCCESS', 'TEST'), v('AUTHORIZE'))).toEqual(v('AUTHORIZE'));
    expect(mergeVerdict(v('AUTHORIZE'), v('FAIL', 'OTHER'))).toEqual(v('AUTHORIZE'));
    expect(mergeVerdict(v('ABSTAIN'), v({ verdict: 'REJECT' }))).toEqual(v('ABSTAIN'));
  });
});
