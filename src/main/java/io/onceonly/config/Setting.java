package io.onceonly.config;

import java.util.Locale;

/**
 * One hub setting, declared once: its key ({@code onceonly.<area>.<name>}), the kind of value, the default as it
 * would be written, what it does, and whether its value is a secret never to be shown.
 */
public record Setting<T>(String key, SettingType<T> type, String defaultValue, String description, boolean secret) {

    public Setting {
        if (!key.matches("onceonly(\\.[a-z0-9]+(-[a-z0-9]+)*)+")) {
            throw new IllegalArgumentException("Setting key '" + key + "' is not onceonly.<area>.<name> in kebab-case.");
        }
    }

    /** The environment variable that overrides it: the key upper-cased, '.' and '-' turned into '_'. */
    public String env() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of {@code text}; an {@link IllegalArgumentException} says what to write instead. */
    public T parse(String text) {
        return type.parse().apply(text);
    }

    /** The value when nothing overrides the default. */
    public T byDefault() {
        return parse(defaultValue);
    }
}
