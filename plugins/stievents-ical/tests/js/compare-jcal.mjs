// Read an .ics file with ICAL.parse and a jCal file with new ICAL.Component(json); print, for each, every
// component's name and property names (in order, per component) and every VEVENT's UID and UTC instants.
// Usage: node compare-jcal.mjs FILE.ics FILE.jcal.json
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const iso = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());

function describe(root) {
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const shape = [];
  const walk = (component) => {
    shape.push([component.name, component.getAllProperties().map((p) => p.name).sort()]);
    component.getAllSubcomponents().forEach(walk);
  };
  walk(root);
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      recurrenceId: event.recurrenceId ? iso(event.recurrenceId) : null,
      start: iso(event.startDate),
      end: event.endDate ? iso(event.endDate) : null,
      stamp: iso(component.getFirstPropertyValue("dtstamp")),
      rrule: component.hasProperty("rrule") ? component.getFirstPropertyValue("rrule").toString() : null,
      exdates: component.getAllProperties("exdate").map((p) => iso(p.getFirstValue())),
      rdates: component.getAllProperties("rdate").map((p) => iso(p.getFirstValue())),
    };
  });
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.remove(vtimezone.getFirstPropertyValue("tzid"));
  }
  return { shape, events };
}

const ics = describe(new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8"))));
const jcal = describe(new ICAL.Component(JSON.parse(readFileSync(process.argv[3], "utf8"))));
process.stdout.write(JSON.stringify({ ics, jcal }));
