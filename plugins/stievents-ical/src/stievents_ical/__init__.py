"""iCalendar export and import for stievents."""
