// Reference data for addresses: ISO country codes (alpha-2 ⇄ alpha-3, Sage 100 keeps alpha-3), US states and
// Canadian provinces (Sage's 2-letter State), and UK counties (so a county line is recognised, not taken for a town).

/** ISO 3166-1 alpha-2 → alpha-3. */
// biome-ignore format: a code table reads best in rows
const ALPHA3: Record<string, string> = {
  AD: "AND", AE: "ARE", AF: "AFG", AG: "ATG", AI: "AIA", AL: "ALB", AM: "ARM", AO: "AGO", AQ: "ATA", AR: "ARG", AS: "ASM", AT: "AUT",
  AU: "AUS", AW: "ABW", AX: "ALA", AZ: "AZE", BA: "BIH", BB: "BRB", BD: "BGD", BE: "BEL", BF: "BFA", BG: "BGR", BH: "BHR", BI: "BDI",
  BJ: "BEN", BL: "BLM", BM: "BMU", BN: "BRN", BO: "BOL", BQ: "BES", BR: "BRA", BS: "BHS", BT: "BTN", BV: "BVT", BW: "BWA", BY: "BLR",
  BZ: "BLZ", CA: "CAN", CC: "CCK", CD: "COD", CF: "CAF", CG: "COG", CH: "CHE", CI: "CIV", CK: "COK", CL: "CHL", CM: "CMR", CN: "CHN",
  CO: "COL", CR: "CRI", CU: "CUB", CV: "CPV", CW: "CUW", CX: "CXR", CY: "CYP", CZ: "CZE", DE: "DEU", DJ: "DJI", DK: "DNK", DM: "DMA",
  DO: "DOM", DZ: "DZA", EC: "ECU", EE: "EST", EG: "EGY", EH: "ESH", ER: "ERI", ES: "ESP", ET: "ETH", FI: "FIN", FJ: "FJI", FK: "FLK",
  FM: "FSM", FO: "FRO", FR: "FRA", GA: "GAB", GB: "GBR", GD: "GRD", GE: "GEO", GF: "GUF", GG: "GGY", GH: "GHA", GI: "GIB", GL: "GRL",
  GM: "GMB", GN: "GIN", GP: "GLP", GQ: "GNQ", GR: "GRC", GS: "SGS", GT: "GTM", GU: "GUM", GW: "GNB", GY: "GUY", HK: "HKG", HM: "HMD",
  HN: "HND", HR: "HRV", HT: "HTI", HU: "HUN", ID: "IDN", IE: "IRL", IL: "ISR", IM: "IMN", IN: "IND", IO: "IOT", IQ: "IRQ", IR: "IRN",
  IS: "ISL", IT: "ITA", JE: "JEY", JM: "JAM", JO: "JOR", JP: "JPN", KE: "KEN", KG: "KGZ", KH: "KHM", KI: "KIR", KM: "COM", KN: "KNA",
  KP: "PRK", KR: "KOR", KW: "KWT", KY: "CYM", KZ: "KAZ", LA: "LAO", LB: "LBN", LC: "LCA", LI: "LIE", LK: "LKA", LR: "LBR", LS: "LSO",
  LT: "LTU", LU: "LUX", LV: "LVA", LY: "LBY", MA: "MAR", MC: "MCO", MD: "MDA", ME: "MNE", MF: "MAF", MG: "MDG", MH: "MHL", MK: "MKD",
  ML: "MLI", MM: "MMR", MN: "MNG", MO: "MAC", MP: "MNP", MQ: "MTQ", MR: "MRT", MS: "MSR", MT: "MLT", MU: "MUS", MV: "MDV", MW: "MWI",
  MX: "MEX", MY: "MYS", MZ: "MOZ", NA: "NAM", NC: "NCL", NE: "NER", NF: "NFK", NG: "NGA", NI: "NIC", NL: "NLD", NO: "NOR", NP: "NPL",
  NR: "NRU", NU: "NIU", NZ: "NZL", OM: "OMN", PA: "PAN", PE: "PER", PF: "PYF", PG: "PNG", PH: "PHL", PK: "PAK", PL: "POL", PM: "SPM",
  PN: "PCN", PR: "PRI", PS: "PSE", PT: "PRT", PW: "PLW", PY: "PRY", QA: "QAT", RE: "REU", RO: "ROU", RS: "SRB", RU: "RUS", RW: "RWA",
  SA: "SAU", SB: "SLB", SC: "SYC", SD: "SDN", SE: "SWE", SG: "SGP", SH: "SHN", SI: "SVN", SJ: "SJM", SK: "SVK", SL: "SLE", SM: "SMR",
  SN: "SEN", SO: "SOM", SR: "SUR", SS: "SSD", ST: "STP", SV: "SLV", SX: "SXM", SY: "SYR", SZ: "SWZ", TC: "TCA", TD: "TCD", TF: "ATF",
  TG: "TGO", TH: "THA", TJ: "TJK", TK: "TKL", TL: "TLS", TM: "TKM", TN: "TUN", TO: "TON", TR: "TUR", TT: "TTO", TV: "TUV", TW: "TWN",
  TZ: "TZA", UA: "UKR", UG: "UGA", UM: "UMI", US: "USA", UY: "URY", UZ: "UZB", VA: "VAT", VC: "VCT", VE: "VEN", VG: "VGB", VI: "VIR",
  VN: "VNM", VU: "VUT", WF: "WLF", WS: "WSM", YE: "YEM", YT: "MYT", ZA: "ZAF", ZM: "ZMB", ZW: "ZWE",
};
const ALPHA2 = new Map(Object.entries(ALPHA3).map(([two, three]) => [three, two]));

/** "GB" → "GBR"; null when it is not an ISO code. */
export const toAlpha3 = (alpha2: string): string | null => ALPHA3[alpha2.trim().toUpperCase()] ?? null;

/** "GBR" → "GB" (also accepts an alpha-2 as is); null when unknown. */
export function toAlpha2(code: string): string | null {
  const c = code.trim().toUpperCase();
  if (c.length === 2) return ALPHA3[c] ? c : null;
  return ALPHA2.get(c) ?? null;
}

/** Postal abbreviations of US states, DC and territories. */
export const US_STATES = new Set(
  (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT " +
    "VT VA WA WV WI WY AS GU MP PR VI"
  ).split(" "),
);
export const CA_PROVINCES = new Set("AB BC MB NB NL NS NT NU ON PE QC SK YT".split(" "));

/** Countries whose addresses Sage 100 holds natively: a 2-letter State is part of the address. */
export const stateCodesOf = (alpha2: string | null): Set<string> | null =>
  alpha2 === "US" ? US_STATES : alpha2 === "CA" ? CA_PROVINCES : null;

/** UK counties (ceremonial, historic and the usual short forms) and Welsh, Scottish and Northern Irish areas; names that
 * are also towns (Durham, Armagh, Wrexham...) are left out, so a town is never mistaken for a county. */
// biome-ignore format: a list of names reads best in rows
const UK_COUNTIES = [
  "Avon", "Bedfordshire", "Beds", "Berkshire", "Berks", "Buckinghamshire", "Bucks", "Cambridgeshire", "Cambs", "Cheshire", "Cleveland",
  "Cornwall", "Cumbria", "Cumberland", "Derbyshire", "Derbys", "Devon", "Dorset", "County Durham", "Co Durham", "East Sussex",
  "Essex", "Gloucestershire", "Glos", "Greater London", "Greater Manchester", "Hampshire", "Hants", "Herefordshire", "Hertfordshire",
  "Herts", "Humberside", "Isle of Wight", "Kent", "Lancashire", "Lancs", "Leicestershire", "Leics", "Lincolnshire", "Lincs", "Merseyside",
  "Middlesex", "Norfolk", "North Yorkshire", "Northamptonshire", "Northants", "Northumberland", "Nottinghamshire", "Notts",
  "Oxfordshire", "Oxon", "Rutland", "Shropshire", "Salop", "Somerset", "South Yorkshire", "Staffordshire", "Staffs", "Suffolk", "Surrey",
  "Sussex", "Tyne and Wear", "Warwickshire", "Warks", "West Midlands", "West Sussex", "West Yorkshire", "Wiltshire", "Wilts",
  "Worcestershire", "Worcs", "Yorkshire", "East Riding of Yorkshire", "East Yorkshire", "Westmorland",
  "Anglesey", "Isle of Anglesey", "Blaenau Gwent", "Carmarthenshire", "Ceredigion", "Clwyd", 
  "Denbighshire", "Dyfed", "Flintshire", "Glamorgan", "Gwent", "Gwynedd", "Mid Glamorgan", "Monmouthshire", "Neath Port Talbot",
  "Pembrokeshire", "Powys", "Rhondda Cynon Taf", "South Glamorgan", "Torfaen", "Vale of Glamorgan", "West Glamorgan", 
  "Aberdeenshire", "Angus", "Argyll", "Argyll and Bute", "Ayrshire", "Banffshire", "Berwickshire", "Borders", "Scottish Borders",
  "Caithness", "Clackmannanshire", "Dumfries and Galloway", "Dumfriesshire", "Dunbartonshire", "East Lothian", "Fife", "Highland",
  "Inverness-shire", "Kincardineshire", "Kinross-shire", "Lanarkshire", "Midlothian", "Moray", "Nairnshire", "Orkney", "Peeblesshire",
  "Perthshire", "Perth and Kinross", "Renfrewshire", "Ross-shire", "Roxburghshire", "Selkirkshire", "Shetland", "Stirlingshire",
  "Sutherland", "West Lothian", "Wigtownshire", "Western Isles", "County Antrim", "Co Antrim", "County Armagh", "Co Armagh",
  "County Down", "Co Down", "County Fermanagh", "Co Fermanagh", "Fermanagh", "County Londonderry", "Co Londonderry",
  "County Tyrone", "Co Tyrone", "Tyrone",
];
const COUNTY_KEYS = new Set(UK_COUNTIES.map((c) => countyKey(c)));

function countyKey(text: string): string {
  return text.toLowerCase().replace(/\./g, "").replace(/&/g, "and").replace(/\s+/g, " ").trim();
}

/** Whether a line of a UK address is a county ("Lancashire", "Co. Durham"). */
export const isUkCounty = (line: string): boolean => COUNTY_KEYS.has(countyKey(line));
