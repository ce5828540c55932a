/**
 * Appointment events are not in HighLevel's scope table; they presumably need the calendar
 * events scope, as the notes suggest [UNCONFIRMED].
 */
export const CALENDAR_EVENTS_READ = 'calendars/events.readonly';
