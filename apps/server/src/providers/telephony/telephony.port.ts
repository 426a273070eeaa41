/** AVA's vocabulary for what it asks of a phone provider. Issue B adds numbers, messages and calls. */
export interface TelephonyPort {
  sendSms(input: { to: string; body: string }): Promise<void>;
}
