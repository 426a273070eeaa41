/**
 * Fixtures made straight in the offline emulators (as a provider account would hold them), for the
 * flows whose AVA-side wiring doesn't exist yet: a Twilio number the handset can text, and a Vapi
 * number with an assistant the handset can call.
 */

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${response.url}: ${text}`);
  return JSON.parse(text) as T;
}

/** A Twilio account in the emulator that owns one SMS-capable French mobile number (no webhook). */
export async function twilioNumber(baseUrl: string): Promise<{ accountSid: string; number: string }> {
  const twilio = `${baseUrl}/sandbox/twilio`;
  const account = await json<{ accountSid: string; authToken: string }>(
    await fetch(`${twilio}/sandbox/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ friendlyName: 'E2E salon' }),
    }),
  );
  const auth = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
  const api = `${twilio}/2010-04-01/Accounts/${account.accountSid}`;
  const available = await json<{ available_phone_numbers: { phone_number: string }[] }>(
    await fetch(`${api}/AvailablePhoneNumbers/FR/Mobile.json?SmsEnabled=true&PageSize=1`, {
      headers: { authorization: auth },
    }),
  );
  const phoneNumber = available.available_phone_numbers[0]?.phone_number;
  if (!phoneNumber) throw new Error('The Twilio emulator has no French mobile number available');
  const bought = await json<{ phone_number: string }>(
    await fetch(`${api}/IncomingPhoneNumbers.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ PhoneNumber: phoneNumber, FriendlyName: 'E2E salon' }),
    }),
  );
  return { accountSid: account.accountSid, number: bought.phone_number };
}

/** A Vapi account in the emulator with a receptionist (one booking tool) on a free US number. */
export async function vapiReceptionist(baseUrl: string): Promise<{ number: string; greeting: string }> {
  const vapi = `${baseUrl}/sandbox/vapi`;
  const greeting = 'Thanks for calling Bella Salon, how can I help?';
  const account = await json<{ privateKey: string }>(
    await fetch(`${vapi}/sandbox/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'E2E salon' }),
    }),
  );
  const headers = { authorization: `Bearer ${account.privateKey}`, 'content-type': 'application/json' };
  const assistant = await json<{ id: string }>(
    await fetch(`${vapi}/assistant`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'Bella',
        firstMessage: greeting,
        model: {
          provider: 'openai',
          model: 'gpt-4o',
          messages: [{ role: 'system', content: 'You are the receptionist of Bella Salon.' }],
          tools: [
            {
              type: 'function',
              function: {
                name: 'book_appointment',
                description: 'Books a slot',
                parameters: {
                  type: 'object',
                  properties: {
                    date: { type: 'string' },
                    time: { type: 'string' },
                    name: { type: 'string' },
                  },
                  required: ['date', 'time'],
                },
              },
            },
          ],
        },
        transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
      }),
    }),
  );
  const number = await json<{ number: string }>(
    await fetch(`${vapi}/phone-number`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ provider: 'vapi', numberDesiredAreaCode: '415', assistantId: assistant.id }),
    }),
  );
  return { number: number.number, greeting };
}
