package io.onceonly.testing;

/** The browsers the dashboard must work in, each started the way its Debian package allows, and what it needs. */
public enum BrowserEngine {
    CHROMIUM("Chromium and chromedriver are not installed (Debian packages chromium, chromium-driver); .ci/run installs them"),
    FIREFOX("Firefox is not installed (Debian package firefox-esr, 129 or later for WebDriver BiDi); .ci/run installs it");

    private final String missing;

    BrowserEngine(String missing) {
        this.missing = missing;
    }

    public boolean installed() {
        return switch (this) {
            case CHROMIUM -> WebDriver.available();
            case FIREFOX -> FirefoxBidi.available();
        };
    }

    /** Why a test in this browser is skipped: what to install. */
    public String missing() {
        return missing;
    }

    public Browser start() throws Exception {
        return switch (this) {
            case CHROMIUM -> new WebDriver();
            case FIREFOX -> new FirefoxBidi();
        };
    }
}
