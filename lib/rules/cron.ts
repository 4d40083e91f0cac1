/*
 * CronJob schedules and time zones, as the API server checks them (pkg/apis/batch/validation:
 * validateScheduleFormat, validateTimeZone). Kubernetes parses schedules with robfig/cron's standard
 * parser (cron.ParseStandard): five fields (minute hour day-of-month month day-of-week), each `*`, `?`,
 * a value, a range `a-b`, a step `/n` after any of those, or a comma-separated list of them; months and
 * days of the week also by name (JAN, MON); or a descriptor (@hourly, @daily, @midnight, @weekly,
 * @monthly, @yearly, @annually, @every <duration>). `TZ=` and `CRON_TZ=` prefixes are refused: the time
 * zone goes in `timeZone`. The cron-parser npm package accepts a different dialect (six fields,
 * `L`, `#`), so this small checker follows robfig/cron instead.
 */
import { Violation, violation } from './violation';

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], first: 1 },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], first: 0 },
] as const;

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const EVERY = /^@every (\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const FIX = 'write five fields "minute hour day-of-month month day-of-week", e.g. "30 2 * * *" (02:30 every day), or a macro such as "@daily"';

function fieldValue(text: string, field: typeof FIELDS[number]): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const names = 'names' in field ? field.names as readonly string[] : undefined;
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + (field as { first: number }).first : undefined;
}

/** The problem with one field, or undefined. */
function checkField(text: string, field: typeof FIELDS[number]): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, ...rest] = part.split('/');
    if (rest.length > 0 || (step !== undefined && !/^\d+$/.test(step))) return `its ${field.name} field has a bad step "${part}"`;
    if (step !== undefined && Number(step) === 0) return `its ${field.name} field has a step of 0 in "${part}"`;
    if (range === '*' || range === '?') continue;
    const ends = range.split('-');
    if (ends.length > 2) return `its ${field.name} field has a bad range "${part}"`;
    const values = ends.map((e) => fieldValue(e, field));
    if (values.some((v) => v === undefined)) return `its ${field.name} field has "${part}", which is not a `
      + `number${'names' in field ? ' or name' : ''}`;
    const [from, to = from] = values as number[];
    if (from < field.min || to > field.max) return `its ${field.name} field has "${part}", outside ${field.min}-${field.max}`;
    if (from > to) return `its ${field.name} field has the backwards range "${part}"`;
  }
  return undefined;
}

/** A CronJob schedule in the Kubernetes dialect. */
export function cronSchedule(value: string): Violation | undefined {
  if (typeof value !== 'string' || value.trim() === '') return violation('cron-schedule', 'is empty', FIX);
  const text = value.trim();
  if (/^(CRON_)?TZ=/.test(text)) {
    return violation('cron-schedule', 'sets a time zone in the schedule, which Kubernetes refuses', 'remove the TZ= prefix and set timeZone instead');
  }
  if (text.startsWith('@')) {
    if (DESCRIPTORS.includes(text) || EVERY.test(text)) return undefined;
    return violation('cron-schedule', 'is not a schedule macro',
      `use one of ${DESCRIPTORS.join(', ')}, or "@every <duration>" such as "@every 1h30m"`);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return violation('cron-schedule', `has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5`, FIX);
  for (const [i, field] of FIELDS.entries()) {
    const problem = checkField(fields[i], field);
    if (problem) return violation('cron-schedule', `is not a cron schedule: ${problem}`, FIX);
  }
  return undefined;
}

let zones: ReadonlySet<string> | undefined;

/**
 * An IANA time zone name (Go's time.LoadLocation, which Kubernetes calls), not `Local`. Checked
 * against the Node.js ICU data: `Intl.supportedValuesOf('timeZone')` lists canonical names, and
 * `Intl.DateTimeFormat` also accepts their aliases (`UTC`, `US/Eastern`).
 */
export function timeZone(value: string): Violation | undefined {
  const unknown = violation('time-zone', 'is not an IANA time zone name',
    'use an IANA time zone name such as "Etc/UTC" or "Europe/Berlin" (https://www.iana.org/time-zones)');
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) || value.toLowerCase() === 'local') return unknown;
  zones ??= new Set((Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? []);
  if (zones.has(value)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return undefined;
  } catch {
    return unknown;
  }
}

/** CronJob names: its Jobs are named `<cronjob>-<11-digit timestamp>`, which must stay within 63 characters. */
export const MAX_CRONJOB_NAME_LENGTH = 52;

export function cronJobName(value: string): Violation | undefined {
  if (typeof value !== 'string' || value.length <= MAX_CRONJOB_NAME_LENGTH) return undefined;
  return violation('cronjob-name',
    `has ${value.length} characters; a CronJob name must have at most ${MAX_CRONJOB_NAME_LENGTH} so that its Jobs' names fit in 63`,
    'use a shorter name');
}
