// The demo's cookie banner: vanilla-cookieconsent (an open-source banner) with three categories.
// `window.demoBanner(onChoice)` shows it, adds an "Accept analytics only" button, and calls
// `onChoice({ analytics, marketing })` on every choice, including one remembered from before.
(function () {
  window.demoBanner = function demoBanner(onChoice) {
    const CC = window.CookieConsent;
    const report = () => onChoice({ analytics: CC.acceptedCategory('analytics'), marketing: CC.acceptedCategory('marketing') });
    // The banner's HTML is its own: the extra button is wired by delegation, not inline script.
    document.addEventListener('click', (e) => {
      if (e.target instanceof Element && e.target.closest('#accept-analytics')) {
        CC.acceptCategory(['analytics']);
        CC.hide();
      }
    });
    return CC.run({
      categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
      onConsent: report,
      onChange: report,
      // The banner hides itself from automated browsers by default; the demo's tests drive one.
      hideFromBots: false,
      guiOptions: { consentModal: { layout: 'box', position: 'bottom right' } },
      language: {
        default: 'en',
        translations: {
          en: {
            consentModal: {
              title: 'Your privacy',
              description:
                'We would like to measure visits to improve the shop, and to show you relevant ads. Nothing is stored or sent until you choose. <button id="accept-analytics" type="button" class="cc__link">Accept analytics only</button>',
              acceptAllBtn: 'Accept all',
              acceptNecessaryBtn: 'Reject all',
              showPreferencesBtn: 'Choose',
            },
            preferencesModal: {
              title: 'Privacy choices',
              acceptAllBtn: 'Accept all',
              acceptNecessaryBtn: 'Reject all',
              savePreferencesBtn: 'Save',
              sections: [
                { title: 'Necessary', description: 'The cart and this choice.', linkedCategory: 'necessary' },
                { title: 'Analytics', description: 'Measuring visits (tracksafe).', linkedCategory: 'analytics' },
                { title: 'Marketing', description: 'Ads and personalization.', linkedCategory: 'marketing' },
              ],
            },
          },
        },
      },
    });
  };
})();
