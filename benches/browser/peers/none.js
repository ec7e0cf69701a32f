// No tracker at all: a no-op track(). Its row is the page's and the harness's own cost.
window.benchSetup = async () => ({ track: () => {} });
