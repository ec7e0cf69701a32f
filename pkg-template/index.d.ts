// Types of the tracksafe package (browser, node and workerd entries).

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
  purposes: Array<keyof Purposes>;
  properties: Record<string, PropertySchema>;
}

/** One property of a custom event. */
export interface PropertySchema {
  type: 'string' | 'number' | 'integer' | 'boolean';
  maxLength?: number;
  min?: number;
  max?: number;
}

/** What became of a `track()` call. Denial is data, not an error. */
export interface TrackResult {
  status: 'queued' | 'dropped';
  /** e.g. `awaiting_consent`, `batched`, `no_consent`, `unknown_event`, `tracker_disabled`. */
  reason: string;
  eventId?: string;
}

/** The standard events and their properties. */
export interface ProductProperties {
  product_id?: string;
  variant_id?: string;
  sku?: string;
  name?: string;
  brand?: string;
  category?: string;
  price?: number;
  currency?: string;
  quantity?: number;
}
export interface StandardEvents {
  page_viewed: Record<string, never>;
  product_viewed: ProductProperties;
  product_added_to_cart: ProductProperties;
  product_removed_from_cart: ProductProperties;
  item_clicked: ProductProperties & { list_id?: string; position?: number; source?: string };
  collection_viewed: { collection_id?: string; name?: string };
  search_submitted: { query?: string; results_count?: number };
  cart_viewed: { lines?: ProductProperties[]; value?: number; currency?: string };
  checkout_started: { lines?: ProductProperties[]; value?: number; currency?: string };
  checkout_completed: {
    order_id?: string;
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
  cookies: Record<string, string>;
  storage: Record<string, string>;
  queued: { pending: number; outbox: number; eventIds: string[] };
  sent: Array<{ at: number; status: number; body: Batch }>;
}

/** A batch as the collector receives it (see `batch.schema.json`). */
export interface Batch {
  v: 1;
  site: string;
  sentAt: number;
  consent: ConsentSnapshot;
  visitorId?: string;
  sessionId?: string;
  geo?: { country: string; region?: string };
  events: Array<{
    eventId: string;
    timestamp: number;
    name: string;
    properties?: Record<string, unknown>;
    context?: { url?: string; referrer?: string; title?: string; device?: { class: string; browser: string; major?: number } };
  }>;
}

/** The browser tracker. Nothing is stored or sent before consent. */
export class Tracker {
  /** @throws TypeError with `code = "INVALID_OPTIONS"` for an unknown or mistyped option. */
  constructor(options: TrackerOptions);
  track<K extends keyof StandardEvents>(name: K, properties?: StandardEvents[K]): Promise<TrackResult>;
  track(name: string, properties?: Record<string, unknown>): Promise<TrackResult>;
  page(): Promise<TrackResult>;
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
  forget(): Promise<{ discarded: number }>;
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
  /** How the signals the edge sees (Sec-GPC, cookies, the batch's TC/GPP strings) are read; use the tracker's values. */
  consent?: ConsentOptions;
}

/** The edge collector (workerd and node entries). */
export function createCollector(options: CollectorOptions): {
  fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response>;
};

/** The package version. */
export function version(): string;

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
