// Print every VEVENT of an .ics file as JSON: UID, RECURRENCE-ID and UTC instants, as ical.js reads them.
// Usage: node read-ics.mjs FILE.ics [EXPAND_UID]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const iso = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    recurrenceId: event.recurrenceId ? iso(event.recurrenceId) : null,
    start: iso(event.startDate),
    end: event.endDate ? iso(event.endDate) : null,
    zone: component.getFirstProperty("dtstart").getParameter("tzid") || null,
  };
});
let occurrences = null;
if (process.argv[3]) {
  const master = root.getAllSubcomponents("vevent").find(
    (c) => c.getFirstPropertyValue("uid") === process.argv[3] && !c.hasProperty("recurrence-id"),
  );
  const event = new ICAL.Event(master);
  const iterator = event.iterator();
  occurrences = [];
  for (let next = iterator.next(); next && occurrences.length < 1000; next = iterator.next()) {
    occurrences.push(iso(next));
  }
}
process.stdout.write(JSON.stringify({ events, occurrences }));
