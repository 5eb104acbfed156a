import { isIP } from "node:net";
import nodemailer from "nodemailer";
import { type OutboundPolicy, type Resolver, resolveChecked, systemResolver } from "../net/index.js";

/** The SMTP relay e-mail notifications go through (the server's configuration). */
export interface SmtpSettings {
  host: string;
  /** Default 587 (465 when `secure`). */
  port?: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** The sender address ("Bulwark <bulwark@example.org>"). */
  from: string;
  /** Name sent with EHLO (default: the machine's host name). */
  clientName?: string;
  /** Connection, greeting and socket timeout (default 30 s). */
  timeoutMs?: number;
}

/** One e-mail to send. */
export interface MailToSend {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID, so that a repeated delivery is recognisable as the same message. */
  messageId: string;
  headers: Record<string, string>;
}

/** Sends e-mail. */
export interface MailSender {
  send(mail: MailToSend): Promise<void>;
}

/**
 * A sender over SMTP that connects only to addresses the outbound policy allows: the relay's host name is
 * resolved here and every address checked (a relay resolving to a loopback, link-local or private address is
 * refused unless the policy allows private destinations), then nodemailer connects to that checked address
 * itself — never resolving the name again — with the name kept for TLS (SNI and certificate checks).
 * Failures are nodemailer's errors (with `responseCode` for SMTP replies) or NETWORK_REFUSED.
 */
export function createSmtpSender(
  settings: SmtpSettings,
  outbound: { policy: OutboundPolicy; resolver?: Resolver },
): MailSender {
  const host = settings.host.replace(/^\[|\]$/g, "");
  const target = new URL(`smtp://${isIP(host) === 6 ? `[${host}]` : host}`);
  const timeout = settings.timeoutMs ?? 30_000;
  return {
    async send(mail) {
      const [address] = await resolveChecked(target, outbound.policy, outbound.resolver ?? systemResolver);
      const servername = isIP(host) === 0 ? host : undefined;
      const transport = nodemailer.createTransport({
        host: address!.address,
        port: settings.port ?? (settings.secure ? 465 : 587),
        secure: settings.secure ?? false,
        requireTLS: settings.requireTLS ?? false,
        ...(servername ? { servername, tls: { servername } } : {}),
        ...(settings.auth ? { auth: settings.auth } : {}),
        ...(settings.clientName ? { name: settings.clientName } : {}),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
      try {
        await transport.sendMail({
          from: settings.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
        });
      } finally {
        transport.close();
      }
    },
  };
}
