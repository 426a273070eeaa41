// One definition of carrier segment counting, shared with AVA's composer (live count) and cost estimates.
export { countSegments, isGsm7, type SegmentInfo, type SmsEncoding } from '@ava/contracts';
