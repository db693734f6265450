// Static reference data: countries (GET /countries) and the currency catalogue POST /currencies draws from.

export const COUNTRIES: { Id: number; Code: string; Name: string; IsEU: boolean }[] = [
  { Id: 1, Code: "GB", Name: "United Kingdom", IsEU: false },
  { Id: 2, Code: "IE", Name: "Ireland", IsEU: true },
  { Id: 3, Code: "FR", Name: "France", IsEU: true },
  { Id: 4, Code: "DE", Name: "Germany", IsEU: true },
  { Id: 5, Code: "ES", Name: "Spain", IsEU: true },
  { Id: 6, Code: "IT", Name: "Italy", IsEU: true },
  { Id: 7, Code: "NL", Name: "Netherlands", IsEU: true },
  { Id: 8, Code: "BE", Name: "Belgium", IsEU: true },
  { Id: 9, Code: "PL", Name: "Poland", IsEU: true },
  { Id: 10, Code: "SE", Name: "Sweden", IsEU: true },
  { Id: 11, Code: "DK", Name: "Denmark", IsEU: true },
  { Id: 12, Code: "US", Name: "United States", IsEU: false },
  { Id: 13, Code: "CA", Name: "Canada", IsEU: false },
  { Id: 14, Code: "AU", Name: "Australia", IsEU: false },
  { Id: 15, Code: "NZ", Name: "New Zealand", IsEU: false },
  { Id: 16, Code: "CH", Name: "Switzerland", IsEU: false },
  { Id: 17, Code: "NO", Name: "Norway", IsEU: false },
  { Id: 18, Code: "IN", Name: "India", IsEU: false },
  { Id: 19, Code: "ZA", Name: "South Africa", IsEU: false },
  { Id: 20, Code: "JP", Name: "Japan", IsEU: false },
];

const countryNames = new Map(COUNTRIES.map((c) => [c.Code, c.Name]));
export const countryName = (code: string | null): string | null =>
  code ? (countryNames.get(code.toUpperCase()) ?? null) : null;

/** ExchangeRate in 10^-4 units of the currency per 1 GBP (§8.4). */
export const CURRENCY_CATALOGUE: {
  Code: string;
  Name: string;
  Symbol: string;
  ExchangeRate: number;
  DisplaySymbolOnRight: boolean;
}[] = [
  { Code: "GBP", Name: "British Pounds", Symbol: "£", ExchangeRate: 10_000, DisplaySymbolOnRight: false },
  { Code: "EUR", Name: "Euros", Symbol: "€", ExchangeRate: 11_700, DisplaySymbolOnRight: false },
  { Code: "USD", Name: "US Dollars", Symbol: "$", ExchangeRate: 12_700, DisplaySymbolOnRight: false },
  { Code: "AUD", Name: "Australian Dollars", Symbol: "$", ExchangeRate: 19_400, DisplaySymbolOnRight: false },
  { Code: "CAD", Name: "Canadian Dollars", Symbol: "$", ExchangeRate: 17_300, DisplaySymbolOnRight: false },
  { Code: "CHF", Name: "Swiss Francs", Symbol: "CHF", ExchangeRate: 11_200, DisplaySymbolOnRight: false },
  { Code: "JPY", Name: "Japanese Yen", Symbol: "¥", ExchangeRate: 1_890_000, DisplaySymbolOnRight: false },
  { Code: "INR", Name: "Indian Rupees", Symbol: "₹", ExchangeRate: 1_060_000, DisplaySymbolOnRight: false },
  { Code: "NZD", Name: "New Zealand Dollars", Symbol: "$", ExchangeRate: 21_100, DisplaySymbolOnRight: false },
  { Code: "ZAR", Name: "South African Rand", Symbol: "R", ExchangeRate: 231_000, DisplaySymbolOnRight: false },
  { Code: "SEK", Name: "Swedish Krona", Symbol: "kr", ExchangeRate: 134_000, DisplaySymbolOnRight: true },
  { Code: "NOK", Name: "Norwegian Krone", Symbol: "kr", ExchangeRate: 136_000, DisplaySymbolOnRight: true },
  { Code: "DKK", Name: "Danish Krone", Symbol: "kr", ExchangeRate: 87_300, DisplaySymbolOnRight: true },
  { Code: "PLN", Name: "Polish Zloty", Symbol: "zł", ExchangeRate: 50_200, DisplaySymbolOnRight: true },
];
