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
  source: string;
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
  /** Whose normalization `identify()` hashes with. Default `"meta"`. */
  hashProfile?: HashProfile;
  /** Log each decision and why. Default `false`. */
  debug?: boolean;
  /** Schemas of the shop's own events; an undeclared event is dropped. */
  customEvents?: Record<string, CustomEventSchema>;
  /** Query parameters kept in URLs. Default: the five `utm_*` parameters. */
  queryAllowlist?: string[];
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
  /** `awaiting_consent`, `batched`, `no_consent` or `tracker_disabled`. */
  reason: string;
  /** The identifier fields held now. */
  fields?: IdentifierField[];
}

/** A batch as the collector receives it (see `batch.schema.json`). */
export interface Batch {
  v: 1;
  site: string;
  sentAt: number;
  consent: ConsentSnapshot;
  visitorId?: string;
  sessionId?: string;
  /** Present with `identifiers` (only under `marketing`): the profile they were hashed with. */
  hashProfile?: HashProfile;
  identifiers?: Identifiers;
  /** Edge to upstream only: the fields named in `passThroughHashes`, as the browser hashed them. */
  platformHashes?: Identifiers;
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
   * Hashes identifiers at once; they travel only while `marketing` is granted.
   * @throws TypeError `INVALID_ARGUMENT` (unknown key, wrong type), RangeError `INVALID_EMAIL` / `INVALID_PHONE` / `INVALID_FIELD`.
   */
  identify(fields: IdentifyFields): Promise<IdentifyResult>;
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
