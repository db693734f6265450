// Addresses between KashFlow (up to four free lines, postcode, ISO country) and Sage 100 (AddressLine1-3, City,
// 2-letter State, ZipCode, 3-letter CountryCode). The canonical address keeps only ordered lines, so the lines are
// read the way UK and US addresses are written: street lines first, then the town, then a county (UK) or
// "City, ST" (US/Canada). The per-company rule decides where a UK county goes; what does not fit is a warning.
import type { Address } from "../canonical/party";
import { isUkCounty, stateCodesOf, toAlpha2, toAlpha3 } from "./places";
import type { FitLog } from "./text-fit";

export type SageAddress = {
  addressLine1: string;
  addressLine2: string;
  addressLine3: string;
  city: string;
  state: string;
  zipCode: string;
  countryCode: string;
};

/** Sage 100 column lengths (2018 layouts, the simulator's; later versions allow more). */
export const SAGE_ADDRESS_LENGTHS = { line: 30, city: 20, state: 2, zipCode: 10, countryCode: 3 } as const;

/** Where a UK county goes: an address line, or nowhere (dropped with a warning). */
export const COUNTY_TO = ["address_line_3", "drop"] as const;

/** The company's address settings (settings.sage100): the county's place and Sage's State outside the US/Canada. */
export type AddressRule = { countyTo: (typeof COUNTY_TO)[number]; foreignState: string };

const EMPTY: SageAddress = {
  addressLine1: "",
  addressLine2: "",
  addressLine3: "",
  city: "",
  state: "",
  zipCode: "",
  countryCode: "",
};

/** The parts of an address read from its lines: street lines, town, and county (UK) or state (US/Canada). */
export type AddressParts = { street: string[]; town: string; county: string; state: string };

export function addressParts(a: Pick<Address, "lines" | "countryCode">): AddressParts {
  const lines = a.lines.map((l) => l.trim()).filter(Boolean);
  const states = stateCodesOf(a.countryCode);
  let county = "";
  let state = "";
  let town = "";
  let cityLine = false;
  if (states && lines.length > 0) {
    // "Los Angeles, CA" (how Sage addresses come back) or a bare "CA" line after the street or town.
    const last = lines[lines.length - 1]!;
    const inline = /^(.*?),?\s+([A-Za-z]{2})$/.exec(last);
    if (states.has(last.toUpperCase()) && lines.length > 1) {
      state = last.toUpperCase();
      lines.pop();
    } else if (inline && states.has(inline[2]!.toUpperCase()) && inline[1]!.trim()) {
      state = inline[2]!.toUpperCase();
      lines[lines.length - 1] = inline[1]!.replace(/,\s*$/, "").trim();
      cityLine = true;
    }
  } else if (lines.length > 1 && isUkCounty(lines[lines.length - 1]!)) {
    county = lines.pop()!;
  }
  // One line left is a street (unless it was "City, ST"); with more, the last one is the town.
  if (lines.length > 1 || (cityLine && lines.length === 1)) town = lines.pop()!;
  return { street: lines, town, county, state };
}

/** A canonical address in Sage 100's shape, by the company's rule; every cut or dropped value is logged. */
export function toSageAddress(a: Address | null, rule: AddressRule, log: FitLog): SageAddress {
  if (!a) return { ...EMPTY };
  const L = SAGE_ADDRESS_LENGTHS;
  const parts = addressParts(a);
  const street = [...parts.street];
  // Line 3 is the county's when the rule puts it there, so street lines fold into two.
  const keepCounty = parts.county !== "" && rule.countyTo === "address_line_3";
  const slots = keepCounty ? 2 : 3;
  if (street.length > slots) {
    const folded = street.splice(slots - 1).join(", ");
    street.push(folded);
    log.warn("address", `Address lines were joined to fit Sage 100's ${slots} lines: "${folded}".`);
  }
  if (parts.county && !keepCounty)
    log.warn("address.county", `County "${parts.county}" is not kept in Sage 100 (company rule: drop the county).`);
  const country = a.countryCode ? toAlpha3(a.countryCode) : null;
  if (a.countryCode && !country)
    log.warn("address.countryCode", `Country "${a.countryCode}" has no Sage 100 country code; left blank.`);
  const state = parts.state || (stateCodesOf(a.countryCode) ? "" : rule.foreignState.toUpperCase());
  return {
    addressLine1: log.fit(street[0], L.line, "address.line1", "Address line 1"),
    addressLine2: log.fit(street[1], L.line, "address.line2", "Address line 2"),
    addressLine3: log.fit(
      keepCounty ? parts.county : street[2],
      L.line,
      "address.line3",
      keepCounty ? "County" : "Address line 3",
    ),
    city: log.fit(parts.town, L.city, "address.city", "Town"),
    state: log.fit(state, L.state, "address.state", "State"),
    zipCode: log.fit(a.postCode, L.zipCode, "address.postCode", "Postcode"),
    countryCode: country ?? "",
  };
}

/**
 * Sage 100's address as canonical lines, written so that toSageAddress gives the same fields back: US/Canada as
 * street lines + "City, ST"; elsewhere street lines + town, with a county in AddressLine3 moved after the town.
 */
export function fromSageAddress(s: SageAddress, log?: FitLog): Address | null {
  const country = s.countryCode.trim() ? toAlpha2(s.countryCode) : null;
  if (s.countryCode.trim() && !country)
    log?.warn("address.countryCode", `Sage 100 country "${s.countryCode}" is not an ISO code; left blank.`);
  const street = [s.addressLine1, s.addressLine2, s.addressLine3].map((l) => l.trim()).filter(Boolean);
  const city = s.city.trim();
  const state = s.state.trim().toUpperCase();
  let lines: string[];
  if (stateCodesOf(country)) {
    lines = [...street, city && state ? `${city}, ${state}` : city || state].filter(Boolean);
  } else {
    const county = s.addressLine3.trim() && isUkCounty(s.addressLine3) ? s.addressLine3.trim() : "";
    lines = county ? [...street.slice(0, -1), city, county].filter(Boolean) : [...street, city].filter(Boolean);
    if (state)
      log?.warn(
        "address.state",
        `Sage 100 state "${state}" has no place in a KashFlow address outside the US and Canada; not carried.`,
      );
  }
  const postCode = s.zipCode.trim() || null;
  if (lines.length === 0 && !postCode) return null;
  return { name: null, lines, postCode, countryCode: country };
}
