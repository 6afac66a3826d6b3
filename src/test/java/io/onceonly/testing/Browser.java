package io.onceonly.testing;

/**
 * A real browser a test drives the way a person uses a page: open it, read what it shows, click, look at it. Each
 * implementation speaks its browser's own automation protocol with nothing but the JDK and Jackson.
 */
public interface Browser extends AutoCloseable {

    /** Opens the page and returns once it has loaded. */
    void open(String url) throws Exception;

    /** Runs a JavaScript function body (it may {@code return} a value) in the page; the result as text, null stays null. */
    String script(String functionBody) throws Exception;

    /** Clicks the first element the CSS selector finds, as a mouse would, after scrolling it into view. */
    void click(String cssSelector) throws Exception;

    /** Makes the page's viewport (innerWidth by innerHeight) this size, in CSS pixels. */
    void resize(int width, int height) throws Exception;

    /** The viewport as it is now, as a PNG. */
    byte[] screenshot() throws Exception;

    /** Ends the session and the browser's processes; never throws. */
    @Override
    void close();
}
