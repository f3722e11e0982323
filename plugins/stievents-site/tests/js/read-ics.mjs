// Read .ics files with ical.js (the parser inside Thunderbird) and print each VEVENT as ical.js sees it:
// UID, RECURRENCE-ID, STATUS, and DTSTART/DTEND as UTC instants (dates stay dates, YYYY-MM-DD).
// Usage: node read-ics.mjs < REQUEST.json   REQUEST: {"files": [ABSOLUTE PATH...]}
// Prints {"files": {PATH: {"events": [...]} or {"error": TEXT}}}; one process reads every file.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const request = JSON.parse(readFileSync(0, "utf8"));
const iso = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());

function read(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      status: component.getFirstPropertyValue("status") || null,
      recurrenceId: event.recurrenceId ? iso(event.recurrenceId) : null,
      start: iso(event.startDate),
      end: event.endDate ? iso(event.endDate) : null,
      zone: component.getFirstProperty("dtstart").getParameter("tzid") || null,
    };
  });
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.remove(vtimezone.getFirstPropertyValue("tzid"));
  }
  return { events };
}

const files = {};
for (const path of request.files) {
  try {
    files[path] = read(path);
  } catch (error) {
    files[path] = { error: `${error.name}: ${error.message}` };
  }
}
process.stdout.write(JSON.stringify({ files }));
