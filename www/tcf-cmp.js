// The demo's TCF CMP: the IAB reference CMP API (`__tcfapi`) and encoder, with a one-vendor
// vendor list (901, the shop's analytics vendor). `window.demoTcf.publish(choice)` encodes the
// banner's choice as a TC string, serves it through `__tcfapi` and stores it in `euconsent-v2`.
(function () {
  const { CmpApi, GVL, TCModel, TCString } = window.IabTcf;
  const VENDOR = 901;
  const named = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, { id: i + 1, name: `Purpose ${i + 1}`, description: '' }]));
  const all = Array.from({ length: 11 }, (_, i) => i + 1);
  const gvl = new GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 12,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-01-01T00:00:00Z',
    purposes: named(11),
    specialPurposes: named(2),
    features: named(3),
    specialFeatures: named(2),
    stacks: {},
    dataCategories: {},
    vendors: { [VENDOR]: { id: VENDOR, name: 'Demo analytics', purposes: all, legIntPurposes: [], flexiblePurposes: [], specialPurposes: [], features: [], specialFeatures: [], policyUrl: '' } },
  });
  const cmp = new CmpApi(2, 1, true);
  const stored = document.cookie.split('; ').find((c) => c.startsWith('euconsent-v2='));

  // A remembered string at once; otherwise the banner is showing and nothing is decided yet.
  cmp.update(stored ? stored.slice('euconsent-v2='.length) : '', !stored);

  window.demoTcf = {
    /** Encodes the visitor's choice: analytics = purposes 1, 8, 9, 10; marketing = 2, 3, 4, 7. */
    publish({ analytics, marketing }) {
      const m = new TCModel(gvl);
      m.cmpId = 2;
      m.cmpVersion = 1;
      m.isServiceSpecific = true;
      m.consentLanguage = 'EN';
      const purposes = [...(analytics || marketing ? [1] : []), ...(analytics ? [8, 9, 10] : []), ...(marketing ? [2, 3, 4, 7] : [])];
      m.purposeConsents.set(purposes);
      if (purposes.length) m.vendorConsents.set(VENDOR);
      const tc = TCString.encode(m);
      document.cookie = `euconsent-v2=${tc}; Path=/; Max-Age=15552000; SameSite=Lax`;
      cmp.update(tc, false);
    },
  };
})();
