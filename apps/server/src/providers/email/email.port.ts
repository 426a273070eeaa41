export type EmailMessage = { to: string; subject: string; text: string; html?: string };

export interface EmailPort {
  /** true when mail leaves the machine; false when it lands in the local outbox */
  readonly delivers: boolean;
  send(message: EmailMessage): Promise<void>;
}
