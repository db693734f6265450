// Money on the tie-out screens: integer minor units shown with their currency, exactly (no float arithmetic).
import { currencyExponent, minorToDecimal } from "@/server/domain/canonical/minor-units";

export function formatMinor(minor: number, currency: string): string {
  const decimal = minorToDecimal(minor, currencyExponent(currency));
  const [int = "0", frac] = decimal.replace("-", "").split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${minor < 0 ? "−" : ""}${grouped}${frac ? `.${frac}` : ""} ${currency}`;
}

/** "+12.00 USD" / "−0.01 USD" for a variance; "0.00 USD" when it ties. */
export function formatVariance(minor: number, currency: string): string {
  return minor > 0 ? `+${formatMinor(minor, currency)}` : formatMinor(minor, currency);
}
