import { afterEach, describe, expect, it } from 'vitest';
import type { Vapi } from '@vapi-ai/server-sdk';
import type { Harness } from './vapi.harness.ts';
import { startVapi, vapiFailure } from './vapi.harness.ts';
import { expectValid, vapiResponse, vapiSchema } from './vapi.openapi.ts';
import type { Receiver } from './vapi.receiver.ts';
import { startReceiver, toolCallOf } from './vapi.receiver.ts';

const NOW = Date.parse('2026-03-10T09:00:00Z'); // a Tuesday

const bookingTools = [
  {
    type: 'function',
    function: {
      name: 'check_availability',
      parameters: {
        type: 'object',
        properties: { date: { type: 'string' }, time: { type: 'string' } },
        required: ['date', 'time'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'book_appointment',
      parameters: {
        type: 'object',
        properties: {
          date: { type: 'string' },
          time: { type: 'string' },
          customerName: { type: 'string' },
          customerPhone: { type: 'string' },
        },
        required: ['date', 'time'],
      },
    },
  },
  { type: 'endCall' },
];

/** The product side: availability is open except at 15:00; bookings return a confirmation sentence. */
function productResponder(received: {
  body: { message: Record<string, unknown> & { type: string } };
}): unknown {
  if (received.body.message.type !== 'tool-calls') return {};
  const call = toolCallOf(received as never);
  if (call.name === 'check_availability') {
    return {
      results: [
        {
          toolCallId: call.id,
          name: call.name,
          result: JSON.stringify({ available: call.args['time'] !== '15:00' }),
        },
      ],
    };
  }
  return {
    results: [
      {
        toolCallId: call.id,
        name: call.name,
        result: `Booked for ${String(call.args['date'])} at ${String(call.args['time'])}, confirmation ABC123.`,
      },
    ],
  };
}

describe('Vapi emulator: simulated inbound calls', () => {
  let h: Harness;
  let receiver: Receiver;
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  async function setup(assistant: Record<string, unknown>, responder = productResponder) {
    receiver = await startReceiver(responder);
    h = await startVapi({ now: () => new Date(NOW) });
    const vapi = h.client((await h.newAccount()).privateKey);
    const created = await vapi.assistants.create({
      server: {
        url: `${receiver.url}/api/vapi/webhook?tenant=t1`,
        headers: { 'X-Vapi-Secret': 'tenant-secret' },
      },
      ...assistant,
    } as Vapi.CreateAssistantDto);
    const number = await vapi.phoneNumbers.create({
      provider: 'vapi',
      numberDesiredAreaCode: '415',
      assistantId: created.id,
    });
    return { vapi, assistant: created, number };
  }

  it('posts the server messages of a real call, in order, with the configured headers, and uses tool results', async () => {
    const { vapi, assistant, number } = await setup({
      name: 'Acme Receptionist',
      firstMessage: 'Thanks for calling Acme, how can I help?',
      model: {
        provider: 'openai',
        model: 'gpt-4o',
        messages: [{ role: 'system', content: 'You book appointments.' }],
        tools: bookingTools,
      },
      transcriber: { provider: 'deepgram', language: 'en' },
      serverMessages: ['status-update', 'transcript', 'tool-calls', 'end-of-call-report'],
      analysisPlan: {
        structuredDataPlan: {
          enabled: true,
          schema: {
            type: 'object',
            properties: { appointmentDate: { type: 'string' }, booked: { type: 'boolean' } },
          },
        },
      },
    });
    const result = await h.sandbox<{ call: Vapi.Call; transcript: Array<{ role: string; text: string }> }>(
      'POST',
      '/sandbox/calls',
      {
        phoneNumberId: number.id,
        from: '+14155550199',
        script: [
          "Hi, this is Dana. I'd like to book an appointment tomorrow at 10am",
          'Yes please',
          'Thanks, bye',
        ],
      },
    );
    expect(result.status).toBe(201);

    expect(receiver.types()).toEqual([
      'status-update',
      'transcript', // greeting
      'transcript', // caller asks
      'tool-calls', // check_availability
      'transcript', // "…is available. Shall I book it?"
      'transcript', // "Yes please"
      'tool-calls', // book_appointment
      'transcript', // confirmation read from the tool result
      'transcript', // "Thanks, bye"
      'transcript', // goodbye
      'status-update',
      'end-of-call-report',
    ]);
    for (const r of receiver.received) {
      expect(r.path).toBe('/api/vapi/webhook?tenant=t1');
      expect(r.headers['x-vapi-secret']).toBe('tenant-secret');
      expect(r.headers['content-type']).toBe('application/json');
      expectValid(vapiSchema('ServerMessage'), r.body);
      expect(r.body.message['call']).toMatchObject({
        assistantId: assistant.id,
        phoneNumberId: number.id,
        customer: { number: '+14155550199' },
      });
    }
    const [firstStatus] = receiver.received;
    expect(firstStatus?.body.message['status']).toBe('in-progress');

    const toolMessages = receiver.received.filter((r) => r.body.message.type === 'tool-calls');
    expect(toolMessages.map((r) => toolCallOf(r))).toEqual([
      { id: expect.any(String), name: 'check_availability', args: { date: '2026-03-11', time: '10:00' } },
      {
        id: expect.any(String),
        name: 'book_appointment',
        args: { date: '2026-03-11', time: '10:00', customerName: 'Dana', customerPhone: '+14155550199' },
      },
    ]);
    const withTool = toolMessages[0]?.body.message['toolWithToolCallList'] as Array<{
      function: { name: string };
      toolCall: { id: string };
    }>;
    expect(withTool[0]?.function.name).toBe('check_availability');

    expect(result.body.transcript).toEqual([
      { role: 'assistant', text: 'Thanks for calling Acme, how can I help?' },
      { role: 'user', text: "Hi, this is Dana. I'd like to book an appointment tomorrow at 10am" },
      { role: 'assistant', text: 'Wednesday, March 11 at 10:00 is available. Shall I book it for you?' },
      { role: 'user', text: 'Yes please' },
      { role: 'assistant', text: 'Booked for 2026-03-11 at 10:00, confirmation ABC123.' },
      { role: 'user', text: 'Thanks, bye' },
      { role: 'assistant', text: 'Thank you for calling. Goodbye!' },
    ]);

    const ended = receiver.received[10]?.body.message;
    expect(ended).toMatchObject({
      type: 'status-update',
      status: 'ended',
      endedReason: 'assistant-ended-call',
    });
    const report = receiver.received[11]?.body.message as Vapi.ServerMessageEndOfCallReport &
      Record<string, unknown>;
    expect(report.endedReason).toBe('assistant-ended-call');
    expect(report.artifact.transcript).toContain('User: Yes please\n');
    expect(report.artifact.transcript?.startsWith('AI: Thanks for calling Acme')).toBe(true);
    expect(report.artifact.recordingUrl).toMatch(/\/sandbox\/vapi\/sandbox\/recordings\/[0-9a-f-]+\.wav$/);
    expect(report.artifact.messages?.map((m) => (m as { role: string }).role)).toEqual([
      'system',
      'bot',
      'user',
      'tool_calls',
      'tool_call_result',
      'bot',
      'user',
      'tool_calls',
      'tool_call_result',
      'bot',
      'user',
      'bot',
    ]);
    expect(report.analysis.summary).toBe(
      '+14155550199 called Acme Receptionist. An appointment was booked for Wednesday, March 11 at 10:00.',
    );
    expect(report.analysis.structuredData).toEqual({ appointmentDate: '2026-03-11', booked: true });
    expect(report.analysis.successEvaluation).toBe('true');
    expect(report['cost']).toBeGreaterThan(0);
    expect(Date.parse(String(report['endedAt'])) - Date.parse(String(report['startedAt']))).toBeGreaterThan(
      10_000,
    );

    const recording = await fetch(String(report.artifact.recordingUrl));
    expect(recording.headers.get('content-type')).toBe('audio/wav');

    const call = await vapi.calls.get({ id: result.body.call.id });
    expectValid(vapiResponse('/call/{id}', 'get', '200'), call);
    expect(call).toMatchObject({
      status: 'ended',
      endedReason: 'assistant-ended-call',
      type: 'inboundPhoneCall',
      assistantId: assistant.id,
    });
    expect(call.costBreakdown?.total).toBe(report['cost']);
    const calls = await vapi.calls.list({ assistantId: assistant.id });
    expectValid(vapiResponse('/call', 'get', '200'), calls);
    expect(calls.map((c) => c.id)).toEqual([call.id]);
    expect(await vapi.calls.list({ assistantId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);

    const ledger = await h.sandbox<{
      webhooks: Array<{ messageType: string; status: number; durationMs: number; responseBody: unknown }>;
    }>('GET', `/sandbox/ledger?callId=${call.id}`);
    expect(ledger.body.webhooks.map((w) => w.messageType)).toEqual(receiver.types());
    expect(ledger.body.webhooks.every((w) => w.status === 200 && w.durationMs >= 0)).toBe(true);
    expect(ledger.body.webhooks[3]?.responseBody).toMatchObject({
      results: [{ name: 'check_availability' }],
    });
  });

  it('offers another time when the availability tool says no, and respects the serverMessages filter', async () => {
    const { number } = await setup({
      firstMessage: 'Hello!',
      model: { provider: 'openai', model: 'gpt-4o', tools: bookingTools },
      serverMessages: ['tool-calls', 'end-of-call-report'],
    });
    const result = await h.sandbox<{ transcript: Array<{ role: string; text: string }>; call: Vapi.Call }>(
      'POST',
      '/sandbox/calls',
      {
        phoneNumberId: number.id,
        script: ['Can I book an appointment on Friday at 3pm?'],
      },
    );
    expect(receiver.types()).toEqual(['tool-calls', 'end-of-call-report']);
    expect(result.body.transcript.at(-1)?.text).toBe(
      'Sorry, Friday, March 13 at 15:00 is not available. Would another time work for you?',
    );
    expect(result.body.call.endedReason).toBe('customer-ended-call');
    expect(result.body.call.analysis?.successEvaluation).toBe('false');
  });

  it('asks the server for an assistant when the number has none (assistant-request), then follows server URL precedence', async () => {
    const assistantHook = await startReceiver(productResponder);
    let assistantId = '';
    receiver = await startReceiver((r) =>
      r.body.message.type === 'assistant-request' ? { assistantId } : {},
    );
    h = await startVapi({ now: () => new Date(NOW) });
    const vapi = h.client((await h.newAccount()).privateKey);
    assistantId = (
      await vapi.assistants.create({
        firstMessage: 'Hi from the dynamic assistant',
        server: {
          url: `${assistantHook.url}/assistant-hook`,
          headers: { authorization: 'Bearer assistant-level' },
        },
        serverMessages: ['status-update', 'end-of-call-report'],
      })
    ).id;
    const number = await vapi.phoneNumbers.create({
      provider: 'vapi',
      numberDesiredAreaCode: '415',
      server: { url: `${receiver.url}/number-hook`, headers: { 'x-number-secret': 'pn' } },
    });
    const result = await h.sandbox<{ call: Vapi.Call; transcript: Array<{ text: string }> }>(
      'POST',
      '/sandbox/calls',
      {
        number: (number as Vapi.VapiPhoneNumber).number,
        from: '+15550001111',
        script: [],
      },
    );
    expect(receiver.types()).toEqual(['assistant-request']);
    expect(receiver.received[0]?.headers['x-number-secret']).toBe('pn');
    expectValid(vapiSchema('ServerMessage'), receiver.received[0]?.body);
    expect(assistantHook.types()).toEqual(['status-update', 'status-update', 'end-of-call-report']);
    expect(assistantHook.received[0]?.headers['authorization']).toBe('Bearer assistant-level');
    expect(result.body.transcript[0]?.text).toBe('Hi from the dynamic assistant');
    expect(result.body.call.assistantId).toBe(assistantId);
    await assistantHook.close();
  });

  it('ends the call with assistant-request-failed when the server misses the 7.5 s window', async () => {
    receiver = await startReceiver(async () => {
      await new Promise((r) => setTimeout(r, 400));
      return { assistantId: 'too-late' };
    });
    h = await startVapi({ assistantRequestTimeoutMs: 150 });
    const vapi = h.client((await h.newAccount()).privateKey);
    const number = await vapi.phoneNumbers.create({
      provider: 'vapi',
      numberDesiredAreaCode: '415',
      server: { url: `${receiver.url}/hook` },
    });
    const result = await h.sandbox<{ call: Vapi.Call }>('POST', '/sandbox/calls', {
      phoneNumberId: number.id,
      script: ['hello'],
    });
    expect(result.body.call.endedReason).toBe('assistant-request-failed');
    const ledger = h.state.ledger.webhooks.find((w) => w.messageType === 'assistant-request');
    expect(ledger?.error).toMatch(/timed out after 150 ms/);
  });

  it('reports a tool failure to the caller when the tool server times out', async () => {
    const { number } = await setup(
      {
        model: { provider: 'openai', model: 'gpt-4o', tools: bookingTools },
        server: { url: 'http://127.0.0.1:1/unused' },
      },
      () => ({}),
    );
    // Point the tools at a slow endpoint with a 1 s server timeout.
    await receiver.close();
    receiver = await startReceiver(async (r) => {
      if (r.body.message.type === 'tool-calls') await new Promise((resolve) => setTimeout(resolve, 1500));
      return {};
    });
    const assistantId = String(
      (
        await h
          .client(h.state.accounts.values().next().value?.privateKey ?? '')
          .phoneNumbers.get({ id: number.id })
      ).assistantId,
    );
    const record = h.state.assistants.get(assistantId);
    if (record === undefined) throw new Error('assistant missing');
    record['server'] = { url: `${receiver.url}/slow`, timeoutSeconds: 1 };
    const result = await h.sandbox<{
      transcript: Array<{ text: string }>;
      toolCalls: Array<{ error?: string }>;
    }>('POST', '/sandbox/calls', {
      phoneNumberId: number.id,
      script: ['Book an appointment tomorrow at 11am please'],
    });
    expect(result.body.toolCalls[0]?.error).toMatch(/timed out after 1000 ms/);
    expect(result.body.transcript.at(-1)?.text).toBe(
      "Sorry, I couldn't complete that right now. The team will call you back.",
    );
  });

  it('runs an interactive call in French and in Hebrew, one caller line at a time', async () => {
    const { number } = await setup({
      firstMessage: 'Bonjour, cabinet Dupont, que puis-je pour vous ?',
      model: { provider: 'openai', model: 'gpt-4o', tools: bookingTools },
      transcriber: { provider: 'deepgram', language: 'multi' },
    });
    const started = await h.sandbox<{ call: { id: string }; greeting: string }>('POST', '/sandbox/calls', {
      phoneNumberId: number.id,
      interactive: true,
    });
    expect(started.body.greeting).toBe('Bonjour, cabinet Dupont, que puis-je pour vous ?');
    const id = started.body.call.id;
    const fr = await h.sandbox<{
      replies: string[];
      toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>;
    }>('POST', `/sandbox/calls/${id}/say`, { text: 'Je voudrais un rendez-vous demain à 14h30' });
    expect(fr.body.toolCalls.map((t) => [t.name, t.arguments])).toEqual([
      ['check_availability', { date: '2026-03-11', time: '14:30' }],
    ]);
    expect(fr.body.replies).toEqual([
      'Le créneau du mercredi 11 mars à 14:30 est disponible. Voulez-vous que je le réserve ?',
    ]);
    const yes = await h.sandbox<{ replies: string[]; toolCalls: Array<{ name: string }> }>(
      'POST',
      `/sandbox/calls/${id}/say`,
      { text: 'Oui, merci' },
    );
    expect(yes.body.toolCalls.map((t) => t.name)).toEqual(['book_appointment']);
    expect(yes.body.replies[0]).toBe('Booked for 2026-03-11 at 14:30, confirmation ABC123.');
    const hangup = await h.sandbox<{ call: Vapi.Call }>('POST', `/sandbox/calls/${id}/hangup`, {});
    expect(hangup.body.call.status).toBe('ended');
    expect(receiver.types().at(-1)).toBe('end-of-call-report');
    expect((await h.sandbox('POST', `/sandbox/calls/${id}/say`, { text: 'allo ?' })).status).toBe(404);

    const he = await h.sandbox<{ call: { id: string } }>('POST', '/sandbox/calls', {
      phoneNumberId: number.id,
      interactive: true,
    });
    const turn = await h.sandbox<{
      replies: string[];
      toolCalls: Array<{ arguments: Record<string, unknown> }>;
    }>('POST', `/sandbox/calls/${he.body.call.id}/say`, {
      text: 'שלום, אני רוצה לקבוע תור ליום חמישי בשעה 10',
    });
    expect(turn.body.toolCalls[0]?.arguments).toEqual({ date: '2026-03-12', time: '10:00' });
    expect(turn.body.replies[0]).toContain('פנוי');
  });

  it('injects faults: duplicated and dropped webhooks, and 429 API errors the SDK surfaces', async () => {
    const { vapi, number } = await setup({
      firstMessage: 'Hello',
      model: { provider: 'openai', model: 'gpt-4o', tools: bookingTools },
      serverMessages: ['status-update', 'tool-calls', 'end-of-call-report'],
    });
    h.state.faults = { ...h.state.faults, webhookDuplicateRate: 1 };
    await h.sandbox('POST', '/sandbox/calls', {
      phoneNumberId: number.id,
      script: ['Book tomorrow at 9am please'],
    });
    // Informational messages arrive twice; tool-calls (which carries a reply) never is duplicated.
    expect(receiver.types()).toEqual([
      'status-update',
      'status-update',
      'tool-calls',
      'status-update',
      'status-update',
      'end-of-call-report',
      'end-of-call-report',
    ]);
    expect(h.state.ledger.webhooks.filter((w) => w.fault === 'duplicated')).toHaveLength(3);

    receiver.received.length = 0;
    await h.sandbox('PUT', '/sandbox/faults', { webhookDuplicateRate: 0, webhookDropRate: 1 });
    await h.sandbox('POST', '/sandbox/calls', {
      phoneNumberId: number.id,
      script: ['Book tomorrow at 9am please'],
    });
    expect(receiver.types()).toEqual(['tool-calls']);
    expect(h.state.ledger.webhooks.filter((w) => w.fault === 'dropped').map((w) => w.messageType)).toEqual([
      'status-update',
      'status-update',
      'end-of-call-report',
    ]);

    await h.sandbox('PUT', '/sandbox/faults', { webhookDropRate: 0, apiErrorRate: 1, apiErrorStatus: 429 });
    const limited = await vapiFailure(vapi.assistants.list());
    expect(limited).toEqual({
      statusCode: 429,
      body: { message: 'Too Many Requests', error: 'Too Many Requests', statusCode: 429 },
    });
    expect(h.state.ledger.apiFaults.at(-1)).toMatchObject({ method: 'GET', status: 429 });
  });

  it('answers the Twilio voice webhook of an imported number with a media stream and runs the call until idle', async () => {
    receiver = await startReceiver(productResponder);
    h = await startVapi({ now: () => new Date(NOW), inboundIdleHangupMs: 150 });
    const vapi = h.client((await h.newAccount()).privateKey);
    const assistant = await vapi.assistants.create({
      firstMessage: 'Cabinet Dupont, bonjour.',
      model: { provider: 'openai', model: 'gpt-4o', tools: bookingTools },
      server: { url: `${receiver.url}/hook` },
      serverMessages: ['status-update', 'tool-calls', 'end-of-call-report'],
    } as Vapi.CreateAssistantDto);
    await vapi.phoneNumbers.create({
      provider: 'twilio',
      number: '+33612345678',
      twilioAccountSid: 'AC0123456789abcdef0123456789abcdef',
      twilioAuthToken: 'token',
      assistantId: assistant.id,
    });
    const twiml = await fetch(`${h.baseUrl}/twilio/inbound_call`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        CallSid: 'CA11112222333344445555666677778888',
        From: '+33700000001',
        To: '+33612345678',
      }),
    });
    expect(twiml.headers.get('content-type')).toMatch(/text\/xml/);
    const xml = await twiml.text();
    expect(xml).toMatch(/<Connect><Stream url="wss:\/\/[^"]+\/twilio\/stream\/[0-9a-f-]+"\/><\/Connect>/);
    const callId = /stream\/([0-9a-f-]+)"/.exec(xml)?.[1] ?? '';
    const call = await vapi.calls.get({ id: callId });
    expect(call).toMatchObject({
      status: 'in-progress',
      phoneCallProvider: 'twilio',
      phoneCallProviderId: 'CA11112222333344445555666677778888',
    });
    const turn = await h.sandbox<{ toolCalls: Array<{ name: string }> }>(
      'POST',
      `/sandbox/calls/${callId}/say`,
      { text: 'Un rendez-vous demain à 9h ?' },
    );
    expect(turn.body.toolCalls.map((t) => t.name)).toEqual(['check_availability']);
    await new Promise((r) => setTimeout(r, 300));
    expect((await vapi.calls.get({ id: callId })).endedReason).toBe('silence-timed-out');
    expect(receiver.types()).toEqual(['status-update', 'tool-calls', 'status-update', 'end-of-call-report']);

    const unknown = await fetch(`${h.baseUrl}/twilio/inbound_call`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: '+33700000001', To: '+33999999999' }),
    });
    expect(await unknown.text()).toContain('<Hangup/>');
  });
});
