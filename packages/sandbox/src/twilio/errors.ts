/** Twilio's legacy v2010 error body: `{ code, message, more_info, status }` (401s add `detail`). */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
  detail?: string;
}

export class TwilioApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly detail: string | undefined;

  constructor(status: number, code: number, message: string, detail?: string) {
    super(message);
    this.name = 'TwilioApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  toBody(): TwilioErrorBody {
    const body: TwilioErrorBody = {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

export const notFound = (path: string): TwilioApiError =>
  new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);

export const authFailed = (): TwilioApiError =>
  new TwilioApiError(401, 20003, 'Authenticate', 'Your AccountSid or AuthToken was incorrect.');

export const testCredentialsForbidden = (): TwilioApiError =>
  new TwilioApiError(403, 20008, 'Resource not accessible with Test Account Credentials');

export const badRequest = (code: number, message: string): TwilioApiError =>
  new TwilioApiError(400, code, message);
