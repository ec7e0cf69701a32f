// Types of the tracksafe package: the node and workerd entries and `tracksafe/full` (the `browser`
// entry, `tracksafe` in a page, is browser.d.ts: the Tracker only).

/** The four purposes every consent signal is resolved into. */
export interface Purposes {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  saleOfData: boolean;
}

/** A consent decision and the signal that made it. */
export interface ConsentSnapshot extends Purposes {
  /** The source that decided (analytics first), e.g. `tcf`, `manual`, `region`, `none`. */
  source: string;
  /** The deciding source of each purpose, when page signals decided. */
  sources?: ConsentSources;
  /** The raw TC string the page's CMP gave (carried so the edge can decode it again). */
  tcString?: string;
  /** The raw GPP string the page's CMP gave. */
  gppString?: string;
}

/** Which signal decided each purpose: `gpc`, `gpp`, `tcf`, `manual`, `shopify`, `consentMode`, `cookie:<name>`, `region` or `none`. */
export interface ConsentSources {
  analytics: string;
  marketing: string;
  preferences: string;
  saleOfData: string;
}

/** How consent signals are read (`resolveConsent`, the collector's `consent`). Unknown keys throw. */
export interface ConsentOptions {
  /** The GVL vendor id TCF grants must name (purpose and vendor consent, or LI). */
  tcfVendorId?: number;
  /** Read the TCF publisher segment (publisher consents / LI); with `tcfVendorId` too, both must grant. */
  tcfPublisherMode?: boolean;
  /** Regions denied until consent. Default: the EEA, GB and CH. */
  optInRegions?: string[];
  /** Regions allowed until an opt-out (`"US"` covers `"US-CA"`). Default `["US"]`. */
  optOutRegions?: string[];
  /** OneTrust group ids per purpose, replacing that purpose's default (C0002 analytics, C0003 preferences, C0004 marketing and saleOfData). */
  oneTrustGroups?: Partial<Record<keyof Purposes, string | string[]>>;
  /** Cookiebot categories per purpose, replacing that purpose's default. */
  cookiebotCategories?: Partial<Record<keyof Purposes, string | string[]>>;
}

/** The signal sources the browser tracker reads. */
export type ConsentSourceName = 'tcf' | 'gpp' | 'gpc' | 'shopify' | 'consentMode' | 'cookies';

/** The tracker's `consent` option. Unknown keys throw. */
export interface TrackerConsentOptions extends ConsentOptions {
  /** The visitor's region when the page knows it (`"DE"`, `"US-CA"`); unknown means opt-in. */
  region?: string;
  /** The sources read. Default: all of them. `setConsent()` is always read. */
  sources?: ConsentSourceName[];
}

/** Every consent signal `resolveConsent` reads; each key optional. Unknown keys throw. */
export interface ConsentSignals {
  /** A TCF v2 TC string; empty = GDPR does not apply. */
  tcString?: string;
  /** A GPP string. */
  gppString?: string;
  /** Global Privacy Control (`navigator.globalPrivacyControl`, `Sec-GPC: 1`). */
  gpc?: boolean;
  /** Shopify Customer Privacy API choices; an absent purpose is silent. */
  shopify?: Partial<Purposes>;
  /** Google Consent Mode v2 state (`"granted"` / `"denied"`). */
  consentMode?: { analytics_storage?: string; ad_storage?: string; ad_user_data?: string; ad_personalization?: string };
  /** A `Cookie` header (OneTrust, Cookiebot, Shopify `_tracking_consent`, `euconsent-v2`). */
  cookies?: string;
  /** The shop's own choice; an absent purpose is silent. */
  manual?: Partial<Purposes>;
  /** ISO 3166 region (`"DE"`, `"US-CA"`). */
  region?: string;
}

/** What `resolveConsent` decided, and which signal decided each purpose. */
export interface ConsentResolution extends Purposes {
  sources: ConsentSources;
}

/** Options of `new Tracker(options)` (and the script tag's `data-*` attributes). Unknown keys throw. */
export interface TrackerOptions {
  /** The collector URL; `https:` (plain `http:` only for localhost). */
  endpoint: string;
  /** A short name for the shop, carried in every batch. */
  site?: string;
  /** Send `page_viewed` automatically when the tracker starts. Default `true`. */
  autoPage?: boolean;
  /**
   * With `autoPage`, also send `page_viewed` for the new URL on each single-page-app route change
   * (`history.pushState`, `history.replaceState` to another URL, `popstate`). Default `true`.
   */
  spaPageViews?: boolean;
  /** Events per batch, 1–100. Default 20. */
  batchSize?: number;
  /** How long to gather events before sending, in ms (0–60000). Default 1000. */
  flushIntervalMs?: number;
  /** Most events kept waiting (oldest dropped first), 10–10000. Default 1000. */
  maxQueue?: number;
  /** Absolute lifetime of the visitor ID in days, 1–396 (13 months). Default 180. */
  visitorLifetimeDays?: number;
  /** Domain attribute of tracksafe's cookies (e.g. `.shop.example`). Default: the page's host. */
  cookieDomain?: string;
  /** Whose normalization `identify()` hashes with. Default `"meta"`. */
  hashProfile?: HashProfile;
  /** Log each decision and why. Default `false`. */
  debug?: boolean;
  /** Schemas of the shop's own events; an undeclared event is dropped. */
  customEvents?: Record<string, CustomEventSchema>;
  /** Query parameters kept in URLs. Default: the five `utm_*` parameters. */
  queryAllowlist?: string[];
  /** How the page's consent signals (CMPs, GPC, Shopify, Consent Mode, cookies) are read. Nothing is stored or sent before they decide. */
  consent?: TrackerConsentOptions;
}

/** A custom event's schema: the purposes it needs and its allowed properties. */
export interface CustomEventSchema {
  /** The purposes the event needs (at least one). Default `['analytics']`. */
  purposes?: Array<keyof Purposes>;
  properties?: Record<string, PropertySchema>;
}

/** One property of a custom event. */
export interface PropertySchema {
  type: 'string' | 'id' | 'number' | 'integer' | 'boolean' | 'currency' | 'country' | 'province' | 'lines';
  /** `string` (1–1000, default 200) and `id` (1–64, default 64) only. */
  maxLength?: number;
  /** `number` and `integer` only (default 0). */
  min?: number;
  /** `number` and `integer` only (default 1e9). */
  max?: number;
  /** `lines` only (1–100, default 100). */
  maxItems?: number;
}

/** What became of a `track()` call. Denial is data, not an error. */
export interface TrackResult {
  status: 'queued' | 'dropped';
  /** e.g. `awaiting_consent`, `batched`, `no_consent`, `unknown_event`, `tracker_disabled`. */
  reason: string;
  eventId?: string;
}

/** An identifier: a string of 1–64 characters or a non-negative safe integer. */
export type Id = string | number;

/** The standard events and their properties (see `batch.schema.json` for the caps). */
export type ProductProperties = {
  product_id?: Id;
  variant_id?: Id;
  sku?: string;
  name?: string;
  brand?: string;
  category?: string;
  price?: number;
  currency?: string;
  quantity?: number;
};
export interface StandardEvents {
  page_viewed: Record<string, never>;
  product_viewed: ProductProperties;
  product_added_to_cart: ProductProperties;
  product_removed_from_cart: ProductProperties;
  item_clicked: ProductProperties & { list_id?: Id; position?: number; source?: string };
  collection_viewed: { collection_id?: Id; name?: string };
  search_submitted: { query?: string; results_count?: number };
  cart_viewed: { lines?: ProductProperties[]; value?: number; currency?: string };
  checkout_started: { lines?: ProductProperties[]; value?: number; currency?: string };
  checkout_completed: {
    order_id?: Id;
    value?: number;
    currency?: string;
    tax?: number;
    shipping?: number;
    coupon?: string;
    lines?: ProductProperties[];
    shipping_country?: string;
    shipping_province?: string;
  };
}

/** Everything tracksafe holds about this visitor (a privacy receipt). */
export interface Inspection {
  consent: ConsentSnapshot | null;
  /** The cookies tracksafe wrote that the page can read (`_ts_vid`, `_ts_sid`), with their values. */
  cookies: Record<string, string>;
  /** The localStorage / sessionStorage keys tracksafe wrote, with their values. */
  storage: { local: Record<string, string>; session: Record<string, string> };
  /** The hashed identifiers from `identify()` (held in memory only). */
  identifiers: Identifiers;
  queued: { pending: number; outbox: number; eventIds: string[]; events: Array<{ eventId: string; name: string }> };
  sent: Array<{ at: number; status: number; body: Batch }>;
}

/** The hashing profiles: whose normalization rules an identifier follows before it is hashed. */
export type HashProfile = 'meta' | 'google';

/** The identifier fields, as Meta and Google name them. */
export type IdentifierField = 'em' | 'ph' | 'fn' | 'ln' | 'ct' | 'st' | 'zp' | 'country' | 'external_id';

/** Hashed identifiers: lowercase hex SHA-256 per field (HMAC-SHA-256 once re-keyed by the edge). */
export type Identifiers = Partial<Record<IdentifierField, string>>;

/** What `identify()` accepts; each value is hashed at once and never kept raw. Unknown keys throw. */
export interface IdentifyFields {
  /** The shop's customer id (sent as `external_id`). */
  customerId?: string | number;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  city?: string;
  state?: string;
  zip?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

/** What `identify()` did: `queued` (held for batches while `marketing` allows) or `dropped`. */
export interface IdentifyResult {
  status: 'queued' | 'dropped';
  /**
   * `awaiting_consent`, `batched`, `no_consent`, `tracker_disabled`, or `hasher_unavailable` (the
   * script tag's hasher wasm could not load; nothing was kept).
   */
  reason: string;
  /** The identifier fields held now. */
  fields?: IdentifierField[];
}

/** A coarse device, all that is left of the user agent. */
export interface Device {
  class: 'mobile' | 'tablet' | 'desktop' | 'bot' | 'unknown';
  browser: 'chrome' | 'safari' | 'firefox' | 'edge' | 'samsung' | 'opera' | 'other';
  /** The browser's major version (1–999), when known. */
  major?: number;
}

/** Coarse geography: an ISO 3166-1 alpha-2 country and a subdivision code, nothing finer. */
export interface Geo {
  country?: string;
  region?: string;
}

/** The page context of a minimized event. */
export interface EventContext {
  /** Scheme, host, port and path, only allowlisted query parameters, no fragment. */
  url?: string;
  /** The referrer's origin only. */
  referrer?: string;
  /** The page title, PII-redacted (≤ 300 characters). */
  title?: string;
  device?: Device;
  geo?: Geo;
}

/** One event in a batch: the minimized event plus its random id and time. */
export interface BatchEvent<N extends string = string, P extends object = Record<string, unknown>> {
  /** A random UUID v4, for deduplication upstream. */
  eventId: string;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  name: N;
  properties: P;
  context?: EventContext;
}

/** A standard event in a batch, its properties typed by its name. */
export type StandardBatchEvent = { [K in keyof StandardEvents]: BatchEvent<K, StandardEvents[K]> }[keyof StandardEvents];

/**
 * A batch as the collector receives it and forwards it upstream (see `batch.schema.json`).
 * `Batch<StandardBatchEvent>` types a batch without custom events strictly.
 */
export interface Batch<E extends BatchEvent<string, object> = BatchEvent> {
  v: 1;
  site: string;
  /** Milliseconds since the Unix epoch. */
  sentAt: number;
  consent: ConsentSnapshot;
  /** Only when `analytics` is granted. */
  visitorId?: string;
  /** Only when `analytics` is granted. */
  sessionId?: string;
  /** Present with `identifiers` (only under `marketing`): the profile they were hashed with. */
  hashProfile?: HashProfile;
  identifiers?: Identifiers;
  /** Edge to upstream only: the fields named in `passThroughHashes`, as the browser hashed them. */
  platformHashes?: Identifiers;
  /** Added by the edge: country and region codes from the edge's metadata. */
  geo?: { country: string; region?: string };
  events: E[];
}

/** The browser tracker. Nothing is stored or sent before consent. */
export class Tracker {
  /** @throws TypeError with `code = "INVALID_OPTIONS"` for an unknown or mistyped option. */
  constructor(options: TrackerOptions);
  /**
   * Records the event and returns at once; the core takes recorded calls together when their
   * batch is due, `flushIntervalMs` after the first (kept between 200 ms and 1 s; sooner when
   * consent changes, on identify/inspect/flush/forget, or when the page is left), and the promise
   * resolves then with what became of this call.
   */
  track<K extends keyof StandardEvents>(name: K, properties?: StandardEvents[K]): Promise<TrackResult>;
  track(name: string, properties?: Record<string, unknown>): Promise<TrackResult>;
  page(): Promise<TrackResult>;
  /**
   * Hashes identifiers at once; they travel only while `marketing` is granted.
   * @throws TypeError `INVALID_ARGUMENT` (unknown key, wrong type), RangeError `INVALID_EMAIL` / `INVALID_PHONE` / `INVALID_FIELD`.
   */
  identify(fields: IdentifyFields): Promise<IdentifyResult>;
  /**
   * The shop's own choice, one signal among the page's others (source `manual`): the most
   * restrictive wins, and a purpose left out is silent (denied unless another signal or an
   * opt-out `consent.region` grants it). Resolves to the decision, or `null` while a CMP on the
   * page has not answered.
   * @throws TypeError with `code = "INVALID_ARGUMENT"` for a wrong shape.
   */
  setConsent(consent: Partial<Purposes>): Promise<ConsentSnapshot | null>;
  consent(): ConsentSnapshot | null;
  inspect(): Inspection;
  /** Deletes everything tracksafe holds and asks the edge to erase it upstream (`POST /forget`). */
  forget(): Promise<{ discarded: number; erasure: { status: number } }>;
  flush(): Promise<void>;
  debug(on?: boolean): void;
}

/** Options of the edge collector. Unknown keys throw. */
export interface CollectorOptions {
  /** Where accepted batches go (`https:`; `http:` only on loopback). */
  upstreamUrl: string;
  /** Sent upstream as a bearer token; never reaches a browser. */
  upstreamToken?: string;
  /** Exact origins allowed to post (`https://shop.example`). */
  allowedOrigins: string[];
  /** Largest accepted body in bytes (1024–65536). Default 65536. */
  maxBodyBytes?: number;
  /** Most events in one batch (1–500). Default 100. */
  maxEvents?: number;
  customEvents?: Record<string, CustomEventSchema>;
  queryAllowlist?: string[];
  /** Required secret (at least 16 bytes, e.g. `env.TRACKSAFE_PEPPER`): every identifier is re-keyed with HMAC-SHA-256(pepper) before it goes upstream. */
  pepper: string;
  /** Identifier fields whose platform-format hash may also go upstream (as `platformHashes`, under `marketing` only). Default `false`. */
  passThroughHashes?: false | IdentifierField[];
  /** Where erasure requests go. Default: `upstreamUrl` with path `/forget`. */
  upstreamForgetUrl?: string;
  /** Domain of the `_ts_vid` / `_ts_sid` cookies the edge sets (`GET /id`) and expires (`POST /forget`). */
  cookieDomain?: string;
  /** Absolute lifetime of a visitor ID minted by `GET /id`, 1–396 days. Default 180. */
  visitorLifetimeDays?: number;
  /** How the signals the edge sees (Sec-GPC, cookies, the batch's TC/GPP strings) are read; use the tracker's values. */
  consent?: ConsentOptions;
}

/** The edge collector (workerd and node entries). */
export function createCollector(options: CollectorOptions): {
  fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response>;
};

/** The package version. */
export function version(): string;

/** The address a profile would hash. @throws RangeError `INVALID_EMAIL` / `UNKNOWN_PROFILE`. */
export function normalizeEmail(raw: string, profile: HashProfile): string;
/** Lowercase hex SHA-256 of the normalized address. @throws RangeError `INVALID_EMAIL` / `UNKNOWN_PROFILE`. */
export function hashEmail(raw: string, profile: HashProfile): string;
/** The number a profile would hash; `defaultCountry` (ISO alpha-2) reads a national number. @throws RangeError `INVALID_PHONE`. */
export function normalizePhone(raw: string, profile: HashProfile, defaultCountry?: string): string;
/** Lowercase hex SHA-256 of the normalized number. @throws RangeError `INVALID_PHONE`. */
export function hashPhone(raw: string, profile: HashProfile, defaultCountry?: string): string;
/** Normalizes and hashes one identifier field. @throws RangeError `INVALID_EMAIL` / `INVALID_PHONE` / `INVALID_FIELD`. */
export function normalizeAndHash(field: IdentifierField, raw: string, profile: HashProfile): string;
/** HMAC-SHA-256 hex of `value` under `key` (at least 16 bytes). @throws RangeError `INVALID_KEY`. */
export function pseudonymize(value: string, key: string): string;

/** An event as `minimizeEvent` takes it: what `track()` builds from a call and the page. */
export interface EventInput {
  name: string;
  properties?: Record<string, unknown>;
  context?: {
    url?: string;
    referrer?: string;
    title?: string;
    /** Replaced by a coarse `device`. */
    userAgent?: string;
    device?: Device;
    geo?: Geo;
  };
}

/** A minimized event: only what its schema allows, every string PII-redacted. */
export interface MinimizedEvent {
  name: string;
  properties: Record<string, unknown>;
  context?: EventContext;
}

/** What `minimizeEvent` did. Denial is data: `event` is `null` with a `reason`. */
export interface MinimizeResult {
  event: MinimizedEvent | null;
  /** Present only when `event` is `null`. */
  reason?: 'unknown_event' | 'no_consent';
  /** Paths of inputs removed, e.g. `properties.email`, `properties.lines[2].sku`, `context.geo.city`. */
  dropped: string[];
  /** Paths of kept values changed to remove personal data, e.g. `context.url`, `properties.query`. */
  redacted: string[];
}

/** Options of `minimizeEvent`. Unknown keys throw `INVALID_OPTIONS`. */
export interface MinimizeOptions {
  /** The consent the event is sent under; a missing purpose is denied, an unknown one throws. */
  consent?: Partial<Purposes>;
  /** Schemas of the shop's own events; an undeclared event is refused (`unknown_event`). */
  customEvents?: Record<string, CustomEventSchema>;
  /** Query parameters kept in `context.url`. Default: the five `utm_*` parameters. */
  queryAllowlist?: string[];
}

/** Options of `scrubUrl`. Unknown keys throw `INVALID_OPTIONS`. */
export interface ScrubUrlOptions {
  /** Ad click ids (`gclid`, `fbclid`, `msclkid`, `ttclid`) are kept only with `marketing`. */
  consent?: Partial<Purposes>;
  /** Query parameters kept. Default: the five `utm_*` parameters. */
  queryAllowlist?: string[];
}

/**
 * Minimizes one event the way the tracker and the edge do: unknown properties dropped, every kept
 * string PII-redacted, the URL scrubbed, the referrer cut to its origin, the user agent coarsened.
 *
 * ```ts
 * import { minimizeEvent } from 'tracksafe';
 * const { event, dropped } = minimizeEvent(
 *   { name: 'search_submitted', properties: { query: 'shoes jane@example.com', email: 'x' } },
 *   { consent: { analytics: true } },
 * );
 * // event.properties.query === 'shoes [email]'; dropped → ['properties.email']
 * ```
 * @throws TypeError `INVALID_EVENT` (not an event), `INVALID_OPTIONS` (unknown option, bad custom
 * schema), `INVALID_ARGUMENT` (unknown consent purpose, a value that is not JSON-serializable).
 */
export function minimizeEvent(event: EventInput, options?: MinimizeOptions): MinimizeResult;

/**
 * Scrubs a page URL: scheme, host and path; no userinfo, no fragment; only allowlisted query
 * parameters; personal data in path segments and kept values redacted. `''` when it cannot be kept.
 *
 * ```ts
 * import { scrubUrl } from 'tracksafe';
 * scrubUrl('https://shop.example/u/jane%40example.com?utm_source=news&email=x#top', { consent: { analytics: true } });
 * // 'https://shop.example/u/[email]?utm_source=news'
 * ```
 * @throws TypeError `INVALID_ARGUMENT` (not a string, unknown consent purpose), `INVALID_OPTIONS`.
 */
export function scrubUrl(url: string, options?: ScrubUrlOptions): string;

/**
 * Replaces emails, phones, payment cards, IBANs, US SSNs, IP addresses and bearer tokens/JWTs with
 * `[email]`, `[phone]`, `[card]`, `[iban]`, `[ssn]`, `[ip]`, `[token]`; keeps everything else.
 *
 * ```ts
 * import { redactText } from 'tracksafe';
 * redactText('Order #1001 for alex@example.org, call +1 202 555 0143');
 * // 'Order #1001 for [email], call [phone]'
 * ```
 * @throws TypeError `INVALID_ARGUMENT` when `text` is not a string.
 */
export function redactText(text: string): string;
/** A decoded TC string, with the field names of `@iabtechlabtcf/core`'s TCModel. */
export interface TcModel {
  version: number;
  /** ISO-8601. */
  created: string;
  /** ISO-8601. */
  lastUpdated: string;
  cmpId: number;
  cmpVersion: number;
  consentScreen: number;
  consentLanguage: string;
  vendorListVersion: number;
  policyVersion: number;
  isServiceSpecific: boolean;
  useNonStandardTexts: boolean;
  purposeOneTreatment: boolean;
  publisherCountryCode: string;
  specialFeatureOptins: number[];
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  vendorConsents: number[];
  vendorLegitimateInterests: number[];
  publisherRestrictions: Array<{ purposeId: number; restrictionType: 0 | 1 | 2; vendors: number[] }>;
  vendorsDisclosed: number[];
  vendorsAllowed: number[];
  publisherConsents: number[];
  publisherLegitimateInterests: number[];
  numCustomPurposes: number;
  publisherCustomConsents: number[];
  publisherCustomLegitimateInterests: number[];
}

/** A decoded GPP string; section fields use the GPP specification's names. */
export interface GppString {
  version: number;
  sectionIds: number[];
  /** By API prefix (`usnat`, `usca`, `uspv1`, `tcfcav1`, …); `tcfeuv2` is a `TcModel`. Dates are ISO-8601. */
  sections: Record<string, Record<string, unknown>> & { tcfeuv2?: TcModel };
}

/**
 * Decodes an IAB TCF v2.0/v2.2 TC string (every segment).
 * @throws RangeError with `code = "MALFORMED_TC_STRING"`.
 */
export function decodeTcString(tcString: string): TcModel;
/**
 * Decodes an IAB GPP string (header and every section the IAB defines).
 * @throws RangeError with `code = "MALFORMED_GPP_STRING"`.
 */
export function decodeGppString(gppString: string): GppString;
/** The CMP cookies found in a `Cookie` header, each mapped to purposes (`null` = silent). */
export function parseConsentCookies(
  cookieHeader: string,
  options?: ConsentOptions,
): { signals: Array<{ source: string; purposes: { [K in keyof Purposes]: boolean | null } }>; tcString: string | null };
/**
 * Resolves every signal into the four purposes: the most restrictive wins, no signal denies.
 * @throws TypeError with `code = "INVALID_ARGUMENT"` (signals) or `"INVALID_OPTIONS"` (options).
 */
export function resolveConsent(signals: ConsentSignals, options?: ConsentOptions): ConsentResolution;

/** Node entry only: bytes of linear memory the wasm module holds now (it only grows). */
export function memoryBytes(): number;
