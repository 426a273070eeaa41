import { useCallback, useEffect, useRef, useState } from 'react';
import {
  hangUpSimulatedCall,
  saySimulatedCall,
  startSimulatedCall,
  type ToolCallTrace,
} from '../api/simulated-calls';

export type CallEntry =
  | { id: number; kind: 'assistant' | 'caller'; text: string }
  | { id: number; kind: 'tool'; tool: ToolCallTrace };

export type CallStatus = 'idle' | 'dialing' | 'live' | 'ended';

type State = {
  status: CallStatus;
  callId: string | null;
  number: string | null;
  entries: CallEntry[];
  endedReason: string | null;
  startedAt: number | null;
  endedAt: number | null;
  busy: boolean;
  error: unknown;
};

const initial: State = {
  status: 'idle',
  callId: null,
  number: null,
  entries: [],
  endedReason: null,
  startedAt: null,
  endedAt: null,
  busy: false,
  error: null,
};

/** One simulated call through the Vapi emulator: dial, type caller lines, hang up. */
export function useSimulatedCall() {
  const [state, setState] = useState<State>(initial);
  const nextId = useRef(0);
  const live = useRef<string | null>(null);
  const newId = () => (nextId.current += 1);

  // Leaving the page hangs up, as closing a phone app would.
  useEffect(
    () => () => {
      if (live.current) void hangUpSimulatedCall(live.current).catch(() => undefined);
    },
    [],
  );

  const start = useCallback(async (number: string, from: string) => {
    setState({ ...initial, status: 'dialing', number, busy: true });
    try {
      const { call, greeting, ended } = await startSimulatedCall({ number, from });
      live.current = ended ? null : call.id;
      const now = Date.now();
      setState((s) => ({
        ...s,
        status: ended ? 'ended' : 'live',
        callId: call.id,
        entries: greeting ? [{ id: newId(), kind: 'assistant', text: greeting }] : [],
        endedReason: ended ? (call.endedReason ?? null) : null,
        startedAt: now,
        endedAt: ended ? now : null,
        busy: false,
      }));
    } catch (error) {
      setState({ ...initial, number, error });
    }
  }, []);

  const say = useCallback(
    async (text: string) => {
      const callId = state.callId;
      if (!callId || state.status !== 'live') return;
      setState((s) => ({
        ...s,
        busy: true,
        error: null,
        entries: [...s.entries, { id: newId(), kind: 'caller', text }],
      }));
      try {
        const turn = await saySimulatedCall(callId, text);
        if (turn.ended) live.current = null;
        setState((s) => ({
          ...s,
          busy: false,
          entries: [
            ...s.entries,
            ...turn.toolCalls.map((tool): CallEntry => ({ id: newId(), kind: 'tool', tool })),
            ...turn.replies.map((reply): CallEntry => ({ id: newId(), kind: 'assistant', text: reply })),
          ],
          ...(turn.ended
            ? { status: 'ended' as const, endedReason: turn.call?.endedReason ?? null, endedAt: Date.now() }
            : {}),
        }));
      } catch (error) {
        setState((s) => ({ ...s, busy: false, error }));
      }
    },
    [state.callId, state.status],
  );

  const hangUp = useCallback(async () => {
    const callId = state.callId;
    if (!callId) return;
    live.current = null;
    setState((s) => ({ ...s, busy: true, error: null }));
    try {
      const { call } = await hangUpSimulatedCall(callId);
      setState((s) => ({
        ...s,
        busy: false,
        status: 'ended',
        endedReason: call.endedReason ?? null,
        endedAt: Date.now(),
      }));
    } catch {
      // The emulator already forgot the call (it ended on its own): it's over either way.
      setState((s) => ({ ...s, busy: false, status: 'ended', endedAt: Date.now() }));
    }
  }, [state.callId]);

  const reset = useCallback(() => setState(initial), []);

  return { ...state, start, say, hangUp, reset };
}
