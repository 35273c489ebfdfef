import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerSession } from 'smtp-server';

/** One message as the server received it: the SMTP envelope and the raw bytes of the message. */
export interface ReceivedMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

/** How the server answers a stage of the dialogue: accept, or refuse with an SMTP reply code. */
export type Verdict = { code: number; message: string } | null;

export interface SmtpTestServer {
  url: string;
  received: ReceivedMessage[];
  /** Called per connection and per DATA; return a refusal to make the server say no. */
  onConnect: () => Verdict;
  onData: () => Verdict;
  onRcptTo: (address: string) => Verdict;
  close(): Promise<void>;
}

const refusal = (verdict: Verdict) => {
  if (!verdict) return null;
  return Object.assign(new Error(verdict.message), { responseCode: verdict.code });
};

/** A real SMTP server (nodemailer's smtp-server) on 127.0.0.1 and a free port, recording what it accepts. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const state: SmtpTestServer = {
    url: '',
    received: [],
    onConnect: () => null,
    onData: () => null,
    onRcptTo: () => null,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: a self-signed STARTTLS would only test certificate handling.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_session, callback) => callback(refusal(state.onConnect())),
    onRcptTo: (address, _session, callback) => callback(refusal(state.onRcptTo(address.address))),
    onData: (stream, session: SMTPServerSession, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const verdict = state.onData();
        if (!verdict) {
          state.received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
          });
        }
        callback(refusal(verdict));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
