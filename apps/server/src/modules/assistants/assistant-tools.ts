import type { AssistantTool } from '../../providers/voice-agent/voice-agent.port.ts';

/**
 * The booking tools every receptionist gets. Vapi posts their calls to the assistant's server URL (AVA's
 * Vapi webhook), which answers from the appointments module. Descriptions are instructions to the model.
 */
export const bookingTools: AssistantTool[] = [
  {
    name: 'check_availability',
    description:
      'Find free appointment slots. Call it before proposing any time; only offer slots it returned. Optional: a date (YYYY-MM-DD) or a start time (ISO 8601), and a service name.',
    parameters: {
      type: 'object',
      properties: {
        date: { type: 'string', description: 'Day wanted, YYYY-MM-DD, in the business time zone' },
        from: { type: 'string', description: 'Earliest start wanted, ISO 8601' },
        service: { type: 'string', description: 'Service name, if the business offers several' },
      },
    },
  },
  {
    name: 'book_appointment',
    description: 'Book a slot that check_availability returned, once the caller has confirmed it.',
    parameters: {
      type: 'object',
      properties: {
        start: {
          type: 'string',
          description: 'Slot start exactly as returned by check_availability (ISO 8601)',
        },
        name: { type: 'string', description: "Caller's name" },
        phone: { type: 'string', description: "Caller's phone number if different from the calling number" },
        service: { type: 'string' },
        notes: { type: 'string' },
      },
      required: ['start'],
    },
  },
  {
    name: 'cancel_appointment',
    description: "Cancel the caller's appointment (identified by its start time or the caller's number).",
    parameters: {
      type: 'object',
      properties: { appointmentId: { type: 'string' }, start: { type: 'string' }, phone: { type: 'string' } },
    },
  },
  {
    name: 'reschedule_appointment',
    description: "Move the caller's appointment to a new free slot returned by check_availability.",
    parameters: {
      type: 'object',
      properties: {
        appointmentId: { type: 'string' },
        start: { type: 'string' },
        newStart: { type: 'string' },
      },
      required: ['newStart'],
    },
  },
];
