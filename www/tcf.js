// The TCF page: the banner's choice is published as a TC string through the IAB CMP API; tracksafe
// reads it from `__tcfapi` (this page never calls setConsent).
window.demoBanner((choice) => window.demoTcf.publish(choice));
