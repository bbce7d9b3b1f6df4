import { webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  it.each([
    'https://hooks.example.com/orders',
    'http://hooks.example.com:8080/x?y=1',
    'https://93.184.216.34/hook',
  ])('accepts %s', (url) => {
    expect(webhookUrlProblem(url, false)).toBeNull();
  });

  it.each([
    ['ftp://example.com/x', /http or https/],
    ['not a url', /absolute http/],
    ['https://user:pw@example.com/', /credentials/],
    ['http://127.0.0.1:9000/hook', /loopback/],
    ['http://0x7f.1/hook', /loopback/],
    ['http://2130706433/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://[::ffff:10.0.0.1]/hook', /private/],
    ['http://10.1.2.3/hook', /private/],
    ['http://192.168.0.10/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /metadata/],
    ['http://localhost:3000/hook', /loopback/],
    ['http://api.localhost/hook', /loopback/],
    ['http://0.0.0.0/hook', /unspecified/],
    [`https://example.com/${'a'.repeat(2100)}`, /at most 2048/],
  ])('refuses %s with the allowance off', (url, message) => {
    expect(webhookUrlProblem(url, false)).toMatch(message);
  });

  it('lets loopback and private targets through when they are allowed, but never metadata', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost:9000/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://169.254.169.254/', true)).toMatch(/metadata/);
  });
});
