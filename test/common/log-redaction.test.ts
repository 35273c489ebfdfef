import { signToken } from '../../src/auth/token';
import { redact, redactingLogger } from '../../src/common/log-redaction';
import type { Logger } from '../../src/common/logger';

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const emit = (message: string, detail?: unknown) =>
    lines.push(
      JSON.stringify({
        message,
        detail: detail instanceof Error ? { message: detail.message, stack: detail.stack } : detail,
      }),
    );
  return { logger: { debug: emit, info: emit, warn: emit, error: emit }, lines };
}

describe('log redaction', () => {
  const token = signToken('a-secret-of-sixteen-chars', {
    sub: 'DE--C1',
    role: 'customer',
    email: 'anna@example.com',
  });

  it('masks e-mail addresses (keeping the domain), bearer headers and JWTs', () => {
    expect(redact('the SMTP server refused anna.schmidt+shop@example.com for INV-1')).toBe(
      'the SMTP server refused ***@example.com for INV-1',
    );
    expect(redact(`authorization: Bearer ${token}`)).toBe('authorization: Bearer <token>');
    expect(redact(`link ?token=${token}&x=1`)).toBe('link ?token=<token>&x=1');
    expect(redact('DE--42 moved to shipped')).toBe('DE--42 moved to shipped');
  });

  it('reaches into details and errors, whatever level', () => {
    const { logger, lines } = capture();
    const redacting = redactingLogger(logger);
    redacting.error('job deliver-invoice #7 failed for good', {
      type: 'deliver-invoice',
      payload: { to: ['anna@example.com', 'archive@shop.example'] },
      error: 'the SMTP server refused anna@example.com',
    });
    redacting.warn('sending failed', new Error(`refused anna@example.com with ${token}`));
    redacting.info(`mailed to bert@example.org`);
    const all = lines.join('\n');
    expect(all).not.toMatch(/anna@|archive@|bert@/);
    expect(all).not.toContain(token);
    expect(all).toContain('***@example.com');
    expect(lines).toHaveLength(3);
  });

  it('does no work for lines of a level that is not written', () => {
    const { logger, lines } = capture();
    let detailRead = 0;
    const detail = {
      get email() {
        detailRead += 1;
        return 'anna@example.com';
      },
    };
    const wrapped = redactingLogger({ ...logger, isEnabled: (level) => level !== 'info' });
    wrapped.info('request for anna@example.com', detail);
    expect(lines).toEqual([]);
    expect(detailRead).toBe(0);
    wrapped.warn('request for anna@example.com', detail);
    expect(detailRead).toBe(1);
    expect(JSON.parse(lines[0])).toEqual({
      message: 'request for ***@example.com',
      detail: { email: '***@example.com' },
    });
  });
});
