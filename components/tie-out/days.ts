// Calendar days (YYYY-MM-DD, no time zone) as accountants read them: "5 Dec 2026".
const calendar = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

export function dayLabel(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : calendar.format(d);
}
