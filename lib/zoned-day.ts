// Calendar days in a company's time zone: which day it is there, when a day begins there, and a day as people
// write it ("3 Jan 2027"). Pure; an unknown zone name counts as UTC rather than throwing mid-sync.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormats.get(timeZone);
  if (!f)
    dayFormats.set(
      timeZone,
      (f = new Intl.DateTimeFormat("en-CA", {
        timeZone: zoneOrUtc(timeZone),
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      })),
    );
  return f;
}

/** The ISO day ("2027-01-03") it is at `at` in `timeZone`. */
export function dayInZone(at: Date, timeZone: string): string {
  return dayFormat(timeZone).format(at);
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `ms`. */
function offsetMs(ms: number, timeZone: string): number {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zoneOrUtc(timeZone),
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)])) as Record<
    string,
    number
  >;
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant `day` begins in `timeZone` (its midnight there). */
export function startOfDayInZone(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  // Two passes: the offset at the guess, not at UTC midnight, decides (a zone changing its clocks that night).
  const guess = midnightUtc - offsetMs(midnightUtc, timeZone);
  return new Date(midnightUtc - offsetMs(guess, timeZone));
}

const spoken = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });

/** "2027-01-03" → "3 Jan 2027". */
export function formatDay(day: string): string {
  return spoken.format(new Date(`${day}T00:00:00Z`));
}
