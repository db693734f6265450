// A moment seen from a time zone: the local day (YYYY-MM-DD), hour and weekday, for "08:00 in the person's time zone".
const formatters = new Map<string, Intl.DateTimeFormat>();

export const FALLBACK_TIME_ZONE = "Europe/London";

/** The zone itself when the runtime knows it, otherwise the fallback (a stored zone can outlive a tz database). */
export function knownTimeZone(timeZone: string | null | undefined): string | null {
  if (!timeZone) return null;
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return null;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export type LocalTime = {
  day: string;
  hour: number;
  minute: number;
  weekday: "Mon" | "Tue" | "Wed" | "Thu" | "Fri" | "Sat" | "Sun";
};

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: parts.weekday as LocalTime["weekday"],
  };
}

const whenFormatters = new Map<string, Intl.DateTimeFormat>();

/** "5 Dec 2026, 14:03 GMT": a moment in a company's time zone, the zone named. */
export function formatLocalWhen(at: Date, timeZone: string): string {
  const zone = knownTimeZone(timeZone) ?? FALLBACK_TIME_ZONE;
  let f = whenFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    whenFormatters.set(zone, f);
  }
  return f.format(at);
}
